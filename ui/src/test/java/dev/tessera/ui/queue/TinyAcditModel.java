package dev.tessera.ui.queue;

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

/** A tiny random ACDiT (16×16 images) written as a real model file, fast enough to render in tests. */
public final class TinyAcditModel {

    private TinyAcditModel() {}

    public static Path write(Path file) throws Exception {
        AcditConfig config = new AcditConfig(16, 4, 2, 32, 2, 2, 2, 384, 100.0,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
        try (NDManager manager = OfflineEngine.newManager();
                AcditModel model = AcditModel.initialise(config, 3, manager)) {
            AcditModel.save(file, model.parameters(), config,
                    new Provenance("test", 0, 3, Instant.parse("2026-11-28T00:00:00Z"), "none", Map.of()));
        }
        return file;
    }
}
