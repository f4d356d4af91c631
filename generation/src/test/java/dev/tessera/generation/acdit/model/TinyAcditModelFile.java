package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.text.PromptEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A tiny untrained ACDiT written as a real model file, small enough to load and render in tests.
 * Its prompts are MiniLM-sized, so the real prompt encoder drives it as it drives a trained model.
 */
public final class TinyAcditModelFile {

    private TinyAcditModelFile() {}

    /** 16×16 images: 4×4 tokens in 4 blocks of 2×2. */
    public static Path write(Path file) throws IOException {
        return write(file, config(16, 2));
    }

    /** {@code imageSize}² images in patches of 4, cut into blocks of {@code blockSide}² tokens. */
    public static AcditConfig config(int imageSize, int blockSide) {
        return AcditFixtures.tiny(imageSize, 4, blockSide, PromptEncoder.DIMENSION);
    }

    /** A tiny video model: {@code frames} frames of 16×16 (4×4 tokens), blocks of 2 frames, MiniLM-sized prompts. */
    public static AcditConfig videoConfig(int frames) {
        return videoConfig(frames, 16);
    }

    /** A tiny video model of {@code frames} frames of {@code imageSize}² in patches of 4, a frame a block. */
    public static AcditConfig videoConfig(int frames, int imageSize) {
        return new AcditConfig(imageSize, 4, imageSize / 4, 32, 2, 2, 2, PromptEncoder.DIMENSION, 100.0,
                java.util.List.of(dev.tessera.generation.data.EmojiStyle.GOOGLE,
                        dev.tessera.generation.data.EmojiStyle.TWITTER), frames, 2);
    }

    /** Writes a freshly initialised model of {@code config} (seed 3) to {@code file}. */
    public static Path write(Path file, AcditConfig config) throws IOException {
        try (NDManager manager = OfflineEngine.newManager();
                AcditModel model = AcditModel.initialise(config, 3, manager)) {
            AcditModel.save(file, model.parameters(), config,
                    new Provenance("test", 0, 3, Instant.parse("2026-11-28T00:00:00Z"), "none", Map.of()));
        }
        return file;
    }
}
