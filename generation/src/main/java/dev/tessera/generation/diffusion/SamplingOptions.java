package dev.tessera.generation.diffusion;

import java.util.Objects;

/**
 * How one sampling call runs: the number of model evaluations, progress reporting, cancellation,
 * and an optional bound on the predicted clean sample.
 *
 * @param x0Bound when positive, every step's x0 estimate is clipped to [-x0Bound, x0Bound] and ε
 *                re-derived from it (diffusers' {@code clip_sample}), for data known to lie in
 *                that range; 0 leaves x0 alone (unbounded data such as the Gaussian test cases)
 * @param firstStep the step of the {@code steps}-step grid to start at (SDEdit): the sampler's input is
 *                then a sample at that step's noise level rather than pure noise, and only
 *                {@code steps - firstStep} model calls run; 0 (the default) runs the whole grid
 */
public record SamplingOptions(int steps, StepListener listener, CancellationToken cancellation, double x0Bound,
        int firstStep) {

    public SamplingOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("Sampling steps must be at least 1, got " + steps);
        }
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
        if (!(x0Bound >= 0) || Double.isInfinite(x0Bound)) {
            throw new IllegalArgumentException("x0 bound must be 0 (off) or a positive number, got " + x0Bound);
        }
        if (firstStep < 0 || firstStep >= steps) {
            throw new IllegalArgumentException("the first step must be between 0 and " + (steps - 1) + ", got "
                    + firstStep);
        }
    }

    public SamplingOptions(int steps, StepListener listener, CancellationToken cancellation, double x0Bound) {
        this(steps, listener, cancellation, x0Bound, 0);
    }

    public static SamplingOptions steps(int steps) {
        return new SamplingOptions(steps, StepListener.NONE, CancellationToken.none(), 0);
    }

    /** The same options with {@code newSteps} model evaluations (a block's own steps in a schedule). */
    public SamplingOptions withSteps(int newSteps) {
        return new SamplingOptions(newSteps, listener, cancellation, x0Bound, firstStep);
    }

    public SamplingOptions withListener(StepListener newListener) {
        return new SamplingOptions(steps, newListener, cancellation, x0Bound, firstStep);
    }

    public SamplingOptions withCancellation(CancellationToken token) {
        return new SamplingOptions(steps, listener, token, x0Bound, firstStep);
    }

    /** Clips every x0 estimate to [-bound, bound]; images in [-1, 1] use 1. */
    public SamplingOptions withX0Bound(double bound) {
        return new SamplingOptions(steps, listener, cancellation, bound, firstStep);
    }

    /** Starts at step {@code step} of the grid (see {@link #firstStep}). */
    public SamplingOptions startingAt(int step) {
        return new SamplingOptions(steps, listener, cancellation, x0Bound, step);
    }
}
