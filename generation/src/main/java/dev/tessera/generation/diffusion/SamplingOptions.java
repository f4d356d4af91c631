package dev.tessera.generation.diffusion;

import java.util.Objects;

/**
 * How one sampling call runs: the number of model evaluations, progress reporting, cancellation,
 * and an optional bound on the predicted clean sample.
 *
 * @param x0Bound when positive, every step's x0 estimate is clipped to [-x0Bound, x0Bound] and ε
 *                re-derived from it (diffusers' {@code clip_sample}), for data known to lie in
 *                that range; 0 leaves x0 alone (unbounded data such as the Gaussian test cases)
 */
public record SamplingOptions(int steps, StepListener listener, CancellationToken cancellation, double x0Bound) {

    public SamplingOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("Sampling steps must be at least 1, got " + steps);
        }
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
        if (!(x0Bound >= 0) || Double.isInfinite(x0Bound)) {
            throw new IllegalArgumentException("x0 bound must be 0 (off) or a positive number, got " + x0Bound);
        }
    }

    public static SamplingOptions steps(int steps) {
        return new SamplingOptions(steps, StepListener.NONE, CancellationToken.none(), 0);
    }

    public SamplingOptions withListener(StepListener newListener) {
        return new SamplingOptions(steps, newListener, cancellation, x0Bound);
    }

    public SamplingOptions withCancellation(CancellationToken token) {
        return new SamplingOptions(steps, listener, token, x0Bound);
    }

    /** Clips every x0 estimate to [-bound, bound]; images in [-1, 1] use 1. */
    public SamplingOptions withX0Bound(double bound) {
        return new SamplingOptions(steps, listener, cancellation, bound);
    }
}
