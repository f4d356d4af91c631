package dev.tessera.app.compress;

import dev.tessera.compression.CompressionResult;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.metrics.PsnrSummary;
import dev.tessera.generation.nn.Int4Runtime;
import java.nio.file.Path;
import java.util.List;

/**
 * The compressed model side by side with its original, both on the same prompts and seeds.
 *
 * @param candidate      the compressed model file, written but not yet saved into the model list
 * @param runtime        how the compressed model's INT4 weights were held while measured (a model without
 *                       INT4 loads the same either way)
 * @param stages         the ε-error against the original on the calibration set after each stage ("pruned",
 *                       "distilled", "stored")
 * @param psnr           paired PSNR of the compressed model's sample images against the original's
 * @param latencyRounds  interleaved timing rounds behind the seconds per image (medians)
 */
public record Comparison(Path candidate, String recipe, Int4Runtime runtime, Measures original, Measures compressed,
        List<CompressionResult.Stage> stages, PsnrSummary psnr, ImageSet originalImages, ImageSet compressedImages,
        int latencyRounds) {

    /** One model's size, memory and speed. {@code weightBytes}: its weights as held in memory. */
    public record Measures(long parameters, long fileBytes, long weightBytes, double secondsPerImage) {}

    public Comparison {
        stages = List.copyOf(stages);
    }

    /** The ε-error of the stored file against the original: what the saved model will compute. */
    public double storedEpsilonError() {
        return stages.get(stages.size() - 1).epsilonError();
    }
}
