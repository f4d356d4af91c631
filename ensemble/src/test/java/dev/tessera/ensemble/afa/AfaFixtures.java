package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.FeatureMixer;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetFixtures;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.nn.ParameterStore;
import dev.tessera.generation.random.NoiseSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Expert files of tiny U-Nets, perturbed aggregators, and a mixer that records what every point saw. */
final class AfaFixtures {

    private AfaFixtures() {}

    static final Provenance PROVENANCE = new Provenance("fixtures", 0, 0, Instant.parse("2026-01-01T00:00:00Z"),
            "none", Map.of());

    /** Writes {@code count} distinct perturbed U-Nets of {@code config} into {@code folder} as expert-i files. */
    static List<Path> expertFiles(Path folder, UnetConfig config, int count, long seed) throws ModelFileException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(writeExpert(folder.resolve("expert-" + i + ".safetensors"), config, seed + i));
        }
        return files;
    }

    /** One perturbed U-Net written to {@code file}. */
    static Path writeExpert(Path file, UnetConfig config, long seed) throws ModelFileException {
        return writeExpert(file, config, seed, 0.05);
    }

    /** One U-Net written to {@code file}, every parameter perturbed by N(0, scale²). */
    static Path writeExpert(Path file, UnetConfig config, long seed, double scale) throws ModelFileException {
        try (NDManager manager = dev.tessera.generation.engine.OfflineEngine.newManager();
                UnetModel model = UnetFixtures.perturbed(config, seed, scale, manager)) {
            UnetModel.save(file, model.parameters(), config, PROVENANCE);
        }
        return file;
    }

    /** Adds N(0, scale²) to every aggregator parameter, the zero-initialised logits included. */
    static void perturb(ParameterStore store, long seed, double scale) {
        long stream = 0;
        for (NDArray p : store.asMap().values()) {
            float[] noise = NoiseSource.of(seed).stream(31, stream++).gaussian(Math.toIntExact(p.size()));
            for (int i = 0; i < noise.length; i++) {
                noise[i] *= (float) scale;
            }
            try (NDManager scratch = store.manager().newSubManager()) {
                p.addi(scratch.create(noise, p.getShape()));
            }
        }
    }

    /** What one aggregation point saw and gave. */
    record Seen(int point, List<float[]> features, float[] conditioning, float[] mixed, List<NDArray> arrays,
            NDArray conditioningArray) {}

    /** Wraps a mixer and keeps, per point, its inputs and output (arrays kept alive on the caller's manager). */
    static final class Recording implements FeatureMixer {
        final List<Seen> seen = new ArrayList<>();
        private final FeatureMixer inner;

        Recording(FeatureMixer inner) {
            this.inner = inner;
        }

        @Override
        public NDArray mix(int point, List<NDArray> features, NDArray conditioning) {
            NDArray mixed = inner.mix(point, features, conditioning);
            List<float[]> copies = features.stream().map(NDArray::toFloatArray).toList();
            seen.add(new Seen(point, copies, conditioning.toFloatArray(), mixed.toFloatArray(), List.copyOf(features),
                    conditioning));
            return mixed;
        }
    }
}
