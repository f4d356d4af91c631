package dev.tessera.app.generate;

import dev.tessera.generation.acdit.sampling.RecommendedSampling;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model's few-step variant: {@code <name>-fast.safetensors} beside {@code <name>.safetensors}, a student that says
 * how it is sampled ({@link RecommendedSampling}). The Fast preset renders with it where one is installed (the bundled
 * default has one: docs/results/sampling.md), and with fewer steps for later blocks where none is.
 */
public final class FastVariant {

    static final String SUFFIX = "-fast";

    private FastVariant() {}

    /** The few-step variant installed beside {@code model}, if there is one (and {@code model} is not one itself). */
    public static Optional<Path> of(Path model) {
        String name = model.getFileName() == null ? "" : model.getFileName().toString();
        if (!name.endsWith(".safetensors") || name.endsWith(SUFFIX + ".safetensors")) {
            return Optional.empty();
        }
        Path variant = model.resolveSibling(name.substring(0, name.length() - ".safetensors".length()) + SUFFIX
                + ".safetensors");
        if (!Files.isRegularFile(variant)) {
            return Optional.empty();
        }
        try {
            return RecommendedSampling.of(SafetensorsReader.readMetadata(variant), variant.toString()).map(r -> variant);
        } catch (ModelFileException | IllegalArgumentException e) {
            return Optional.empty(); // not a few-step model: the preset's own steps apply
        }
    }
}
