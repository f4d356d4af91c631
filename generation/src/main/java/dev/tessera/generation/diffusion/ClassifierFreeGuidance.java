package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Objects;

/**
 * Classifier-free guidance (Ho and Salimans 2022) as a {@link NoisePredictor}:
 * {@code eps = eps_uncond + scale * (eps_cond - eps_uncond)}. Scale 1 is the plain conditional
 * model and skips the unconditional pass; scale 0 is the plain unconditional model.
 *
 * @param <C> the model's condition type
 */
public record ClassifierFreeGuidance<C>(Denoiser<C> denoiser, C condition, C nullCondition, double scale)
        implements NoisePredictor {

    public ClassifierFreeGuidance {
        Objects.requireNonNull(denoiser, "denoiser");
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("Guidance scale must be a finite number, got " + scale);
        }
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t) {
        if (scale == 1.0) {
            return denoiser.predictNoise(x, t, condition);
        }
        if (scale == 0.0) {
            return denoiser.predictNoise(x, t, nullCondition);
        }
        List<NDArray> branches = denoiser.predictBranches(x, t, List.of(condition, nullCondition));
        NDArray conditional = branches.get(0);
        NDArray unconditional = branches.get(1);
        // Written as uncond + s * (cond - uncond); the caller's step manager frees both branches.
        return unconditional.add(conditional.sub(unconditional).mul((float) scale));
    }
}
