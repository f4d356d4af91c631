package dev.tessera.app;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.AggregatorConfig;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.random.NoiseSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Tiny U-Net experts and AFA ensembles of them, written as real model files for the app's and the studio's tests. */
public final class TinyEnsembles {

    /** 16×16 images, two levels (16 and 8 px), both styles, MiniLM-sized prompts. */
    public static final UnetConfig TINY = new UnetConfig(16, 16, List.of(1, 2), 1, List.of(8), 4, 2, 384,
            List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    static final Provenance PROVENANCE = new Provenance("test", 0, 0, Instant.parse("2026-01-01T00:00:00Z"),
            "none", Map.of());

    private TinyEnsembles() {}

    /** A fresh tiny U-Net whose output layer is made non-zero, so it predicts some noise. */
    public static Path unet(Path file, long seed) throws Exception {
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetModel.initialise(TINY, seed, manager)) {
            perturb(model.parameters().get("conv_out.weight"), seed, 5, 0.05f);
            UnetModel.save(file, model.parameters(), TINY, PROVENANCE);
        }
        return file;
    }

    /**
     * An ensemble file {@code name} in {@code folder} over two tiny experts written beside it; with
     * {@code routing} every aggregator weight (the zero-initialised logits too) gets N(0, 0.5²) noise, so the
     * experts' weights differ from pixel to pixel, otherwise it is a fresh aggregator (plain averaging).
     */
    public static Path ensemble(Path folder, String name, boolean routing) throws Exception {
        Path google = unet(folder.resolve("tiny-google.safetensors"), 1);
        Path twitter = unet(folder.resolve("tiny-twitter.safetensors"), 2);
        Path file = folder.resolve(name);
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble afa = AfaEnsemble.assemble(List.of(google, twitter), new AggregatorConfig(4), 1, manager)) {
            if (routing) {
                long stream = 0;
                for (NDArray p : afa.aggregatorParameters().asMap().values()) {
                    perturb(p, 3, stream++, 0.5f);
                }
            }
            afa.save(file, PROVENANCE);
        }
        return file;
    }

    private static void perturb(NDArray p, long seed, long stream, float scale) {
        float[] noise = NoiseSource.of(seed).stream(stream).gaussian(Math.toIntExact(p.size()));
        for (int i = 0; i < noise.length; i++) {
            noise[i] *= scale;
        }
        try (NDManager scratch = p.getManager().newSubManager()) {
            p.addi(scratch.create(noise, p.getShape()));
        }
    }
}
