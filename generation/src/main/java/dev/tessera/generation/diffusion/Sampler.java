package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * A deterministic solver of the probability-flow ODE from pure noise (t = T-1) down to the least
 * noisy trained level (t = 0). Samplers are immutable and thread-safe; per-call state (solver
 * history) is created inside {@link #sample} and dropped when it returns, so calling it once per
 * ACDiT block resets the history per block.
 */
public sealed interface Sampler permits DpmSolverPlusPlus2M, DdimSampler, EulerSampler {

    SamplerKind kind();

    NoiseSchedule schedule();

    TimestepSpacing spacing();

    /**
     * Denoises {@code initialNoise} (a standard-normal batch {@code [B, ...]} the caller drew,
     * normally with {@link dev.tessera.generation.random.NoiseSource}) in {@code options.steps()}
     * model calls; from {@code options.firstStep()} &gt; 0 the input is a sample at that step's level
     * (SDEdit) and the calls before it are skipped. The result is a new array on {@code initialNoise}'s manager; the caller's noise
     * is neither modified nor closed.
     *
     * @throws SamplingCancelledException if the token is cancelled; no output is produced
     */
    NDArray sample(NoisePredictor model, NDArray initialNoise, SamplingOptions options);

    default NDArray sample(NoisePredictor model, NDArray initialNoise, int steps) {
        return sample(model, initialNoise, SamplingOptions.steps(steps));
    }
}
