package dev.tessera.generation.diffusion;

import java.util.concurrent.CancellationException;

/** Thrown when a job is cancelled; the sampler has freed its arrays and returns no output. */
public final class SamplingCancelledException extends CancellationException {

    private final int completedSteps;

    public SamplingCancelledException(int completedSteps, int totalSteps) {
        super("Sampling cancelled after " + completedSteps + " of " + totalSteps + " steps");
        this.completedSteps = completedSteps;
    }

    public int completedSteps() {
        return completedSteps;
    }
}
