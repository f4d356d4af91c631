package dev.tessera.generation.acdit.training;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;

import dev.tessera.generation.train.TrainingConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an ACDiT training run needs.
 *
 * @param output   where the finished model file goes
 * @param workDir  checkpoints of the run
 * @param model    the architecture (its styles are the styles trained on)
 * @param training the shared training loop's settings
 * @param initFrom a finished model to start from instead of random weights (a continuation run: a new
 *                 schedule over the old weights), or empty. Its architecture is the spec's, or a shallower
 *                 one whose layers become the first ones (see {@link AcditModel#copyWeightsFrom})
 */
public record AcditTrainingSpec(Path output, Path workDir, AcditConfig model, TrainingConfig training,
        Optional<Path> initFrom) {

    public AcditTrainingSpec {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(initFrom, "initFrom");
    }

    /** A run from random weights. */
    public AcditTrainingSpec(Path output, Path workDir, AcditConfig model, TrainingConfig training) {
        this(output, workDir, model, training, Optional.empty());
    }

    public Path checkpoint() {
        return workDir.resolve("checkpoint.safetensors");
    }
}
