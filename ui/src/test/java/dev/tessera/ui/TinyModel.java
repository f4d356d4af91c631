package dev.tessera.ui;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
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
        return write(folder, name, 16);
    }

    /** {@code size} 16 gives 4×4 tokens in blocks of 2×2; 32 gives 8×8 tokens in blocks of 4×4: 4 blocks either way. */
    static Path write(Path folder, String name, int size) throws Exception {
        AcditConfig config = new AcditConfig(size, 4, size / 8, 32, 2, 2, 2, 384, 100.0,
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
