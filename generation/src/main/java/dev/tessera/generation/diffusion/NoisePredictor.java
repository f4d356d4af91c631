package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * What a sampler drives: ε as a function of the noisy batch and its timesteps only. The
 * condition and guidance are already bound (see {@link ClassifierFreeGuidance}), so samplers
 * stay independent of the model and its condition type. Same array rules as {@link Denoiser}.
 */
@FunctionalInterface
public interface NoisePredictor {

    NDArray predictNoise(NDArray x, NDArray t);

    /** A predictor that calls {@code denoiser} with a fixed condition and no guidance. */
    static <C> NoisePredictor conditional(Denoiser<C> denoiser, C condition) {
        return (x, t) -> denoiser.predictNoise(x, t, condition);
    }
}
