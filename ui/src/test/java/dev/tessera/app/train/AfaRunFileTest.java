package dev.tessera.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.ensemble.afa.AfaTrainingSpec;
import dev.tessera.ensemble.afa.AggregatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AFA configs under configs/afa name the experts the U-Net configs write, and bad ones are refused. */
class AfaRunFileTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path folder;

    @Test
    void eachEnsembleMixesTheExpertsItsUnetConfigsWrite() throws Exception {
        Path real = ROOT.resolve("configs/afa/afa-google-twitter.json");
        assertEquals(TrainingRunFile.ModelKind.AFA, TrainingRunFile.kind(real));
        AfaTrainingSpec ensemble = TrainingRunFile.afa(real, ROOT);
        assertEquals(List.of(unetOutput("unet-expert-google.json"), unetOutput("unet-expert-twitter.json")),
                ensemble.experts());
        assertEquals(ROOT.resolve("assets/models/afa-google-twitter.safetensors"), ensemble.output());
        assertEquals(List.of(), ensemble.dataStyles(), "the union of the experts' styles");
        AfaTrainingSpec tiny = TrainingRunFile.afa(ROOT.resolve("configs/afa/afa-tiny-cpu.json"), ROOT);
        assertEquals(List.of(unetOutput("unet-tiny-expert-google-cpu.json"), unetOutput("unet-tiny-expert-twitter-cpu.json")),
                tiny.experts());
        assertEquals(new AggregatorConfig(16), tiny.aggregator());
        // Like the real experts, the tiny ones start from one base, so their features can be mixed.
        Path tinyBase = unetOutput("unet-tiny-cpu.json");
        for (String style : List.of("google", "twitter")) {
            assertEquals(java.util.Optional.of(tinyBase), TrainingRunFile.unet(
                    ROOT.resolve("configs/unet/unet-tiny-expert-" + style + "-cpu.json"), ROOT).initFrom());
        }
        assertTrue(tiny.training().steps() <= 100, "the smoke test stays short");
    }

    @Test
    void unknownFieldsAndStylesAreRefusedNamingThem() throws Exception {
        String good = Files.readString(ROOT.resolve("configs/afa/afa-tiny-cpu.json"));
        Path typo = folder.resolve("typo.json");
        Files.writeString(typo, good.replace("\"width\"", "\"widht\""));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> TrainingRunFile.afa(typo, ROOT));
        assertTrue(unknown.getMessage().contains("unknown field 'aggregator.widht'"), unknown.getMessage());
        Path styles = folder.resolve("styles.json");
        Files.writeString(styles, good.replace("\"aggregator\"", "\"styles\": [\"google\"], \"aggregator\""));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TrainingRunFile.afa(styles, ROOT));
        assertTrue(refused.getMessage().contains("takes its styles from the experts"), refused.getMessage());
    }

    private static Path unetOutput(String config) throws Exception {
        return TrainingRunFile.unet(ROOT.resolve("configs/unet/" + config), ROOT).output();
    }
}
