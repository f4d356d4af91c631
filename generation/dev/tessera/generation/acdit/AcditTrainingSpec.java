package dev.tessera.generation.acdit;

import dev.tessera.generation.train.TrainingConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything an ACDiT training run needs.
 *
 * @param output   where the finished model file goes
 * @param workDir  checkpoints of the run
 * @param model    the architecture (its styles are the styles trained on)
 * @param training the shared training loop's settings
 */
public record AcditTrainingSpec(Path output, Path workDir, AcditConfig model, TrainingConfig training) {

    public AcditTrainingSpec {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
    }

    public Path checkpoint() {
        return workDir.resolve("checkpoint.safetensors");
    }
}
