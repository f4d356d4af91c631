package dev.tessera.compression;

import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.prune.Contribution;
import dev.tessera.compression.prune.PruningPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What compression made and how it compares with the original.
 *
 * @param weightBytesBefore  the original's weights in memory (F32)
 * @param weightBytesAfter   the compressed model's weights in memory, INT4 kept packed
 *                           ({@link dev.tessera.generation.nn.Int4Runtime#DEQUANTIZE_PER_LAYER})
 * @param stages             the ε-error against the original on the calibration set after each stage
 */
public record CompressionResult(Path file, String recipe, long parametersBefore, long parametersAfter,
        long fileBytesBefore, long fileBytesAfter, long weightBytesBefore, long weightBytesAfter,
        List<Contribution> contributions, Optional<PruningPlan> plan, Optional<Distiller.Result> distillation,
        List<Stage> stages) {

    /** The ε-error of the model after one stage ("pruned", "distilled", "stored"). */
    public record Stage(String name, double epsilonError) {}

    public CompressionResult {
        contributions = List.copyOf(contributions);
        stages = List.copyOf(stages);
    }
}
