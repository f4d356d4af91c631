package dev.tessera.ui;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.AcditConfig;
import dev.tessera.generation.acdit.AcditModel;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Provenance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A tiny random ACDiT (16×16 images in 4 blocks) written to disk, as GenerationServiceTest does. */
final class TinyModel {

    static final int BLOCKS = 4;

    private TinyModel() {}

    static Path write(Path folder, String name) throws Exception {
        AcditConfig config = new AcditConfig(16, 4, 2, 32, 2, 2, 2, 384, 100.0,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
        Path file = folder.resolve(name + ".safetensors");
        try (NDManager manager = OfflineEngine.newManager();
                AcditModel model = AcditModel.initialise(config, 3, manager)) {
            AcditModel.save(file, model.parameters(), config,
                    new Provenance("test", 0, 3, Instant.parse("2026-11-28T00:00:00Z"), "none", Map.of()));
        }
        return file;
    }
}
