package dev.tessera.compression.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An expert's own styles, read from its provenance: what its calibration set and distillation draw from. */
class UnetTrainingImagesTest {

    private static final UnetConfig CONFIG = UnetPruningPlanTest.WHOLE;

    @TempDir
    Path dir;

    private List<EmojiStyle> stylesOf(String dataset) throws ModelFileException {
        Path file = dir.resolve("m" + Math.abs(String.valueOf(dataset).hashCode()) + ".safetensors");
        try (NDManager m = OfflineEngine.newManager(); UnetModel model = UnetModel.initialise(CONFIG, 1, m)) {
            UnetModel.save(file, model.parameters(), CONFIG, dataset == null ? null
                    : new Provenance(dataset, 10, 1, Instant.parse("2026-01-01T00:00:00Z"), "none", Map.of()));
        }
        try (NDManager m = OfflineEngine.newManager(); UnetModel model = UnetModel.load(file, m)) {
            return UnetTrainingImages.stylesOf(model);
        }
    }

    @Test
    void theStylesTheProvenanceNamesAndOtherwiseAllOfTheConfigs() throws ModelFileException {
        assertEquals(List.of(EmojiStyle.GOOGLE), stylesOf("emoji [google] 32px (emoji-datasource-*@16.0.0), training split"));
        assertEquals(List.of(EmojiStyle.TWITTER), stylesOf("emoji [TWITTER] 16px; fine-tuned from unet-base.safetensors"));
        assertEquals(List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER), stylesOf("emoji [google, twitter] 32px"));
        assertEquals(CONFIG.styles(), stylesOf("emoji [apple] 32px"), "a style the config lacks is no style of the expert");
        assertEquals(CONFIG.styles(), stylesOf("a folder of my own images"));
        assertEquals(CONFIG.styles(), stylesOf(null));
    }
}
