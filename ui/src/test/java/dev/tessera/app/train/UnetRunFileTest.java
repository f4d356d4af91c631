package dev.tessera.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.ensemble.unet.UnetTrainingSpec;
import dev.tessera.generation.data.EmojiStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The U-Net configs under configs/unet read as the runs docs/ensemble.md describes, and bad ones are refused. */
class UnetRunFileTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path folder;

    @Test
    void theBaseTrainsOnBothStylesAndEachExpertFineTunesItOnItsOwn() throws Exception {
        Path configs = ROOT.resolve("configs/unet");
        assertEquals(TrainingRunFile.ModelKind.UNET, TrainingRunFile.kind(configs.resolve("unet-base.json")));
        UnetTrainingSpec base = TrainingRunFile.unet(configs.resolve("unet-base.json"), ROOT);
        assertEquals(List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER), base.dataStyles());
        assertEquals(Optional.empty(), base.initFrom());
        for (EmojiStyle style : List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER)) {
            UnetTrainingSpec expert = TrainingRunFile.unet(configs.resolve("unet-expert-" + style.id() + ".json"), ROOT);
            assertEquals(base.model(), expert.model(), "experts share the base's architecture and style table");
            assertEquals(Optional.of(base.output()), expert.initFrom());
            assertEquals(List.of(style), expert.dataStyles());
        }
        UnetTrainingSpec tiny = TrainingRunFile.unet(configs.resolve("unet-tiny-cpu.json"), ROOT);
        assertTrue(tiny.training().steps() <= 300, "the smoke test stays short");
    }

    @Test
    void unknownArchitectureFieldsAndForeignDataStylesAreRefusedNamingThem() throws Exception {
        String good = Files.readString(ROOT.resolve("configs/unet/unet-tiny-cpu.json"));
        Path typo = folder.resolve("typo.json");
        Files.writeString(typo, good.replace("\"resBlocks\"", "\"resBlock\""));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TrainingRunFile.unet(typo, ROOT));
        assertTrue(unknown.getMessage().contains("unknown field 'unet.resBlock'"), unknown.getMessage());
        Path foreign = folder.resolve("foreign.json");
        Files.writeString(foreign, good.replace("\"styles\": [\"google\", \"twitter\"]",
                "\"styles\": [\"google\"], \"dataStyles\": [\"twitter\"]"));
        IllegalArgumentException styles = assertThrows(IllegalArgumentException.class,
                () -> TrainingRunFile.unet(foreign, ROOT));
        assertTrue(styles.getMessage().contains("dataStyles must be distinct styles of the model's [google]"),
                styles.getMessage());
    }
}
