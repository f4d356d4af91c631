package dev.tessera.generation.diffusion;

import java.util.Objects;

/** How one sampling call runs: the number of model evaluations, progress reporting and cancellation. */
public record SamplingOptions(int steps, StepListener listener, CancellationToken cancellation) {

    public SamplingOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("Sampling steps must be at least 1, got " + steps);
        }
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    public static SamplingOptions steps(int steps) {
        return new SamplingOptions(steps, StepListener.NONE, CancellationToken.none());
    }

    public SamplingOptions withListener(StepListener newListener) {
        return new SamplingOptions(steps, newListener, cancellation);
    }

    public SamplingOptions withCancellation(CancellationToken token) {
        return new SamplingOptions(steps, listener, token);
    }
}
