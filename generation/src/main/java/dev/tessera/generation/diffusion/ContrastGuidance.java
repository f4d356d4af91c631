package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Objects;

/**
 * Classifier-free guidance with a third branch that pushes away from a contrast condition:
 * {@code eps = eps_uncond + scale * (eps_cond - eps_uncond) + contrastScale * (eps_cond - eps_contrast)}.
 * With the contrast a sibling of the condition (the same prompt in another style), the extra term
 * strengthens only what tells the two apart. The three branches run as one
 * {@link Denoiser#predictBranches} call; contrast scale 0 is plain {@link ClassifierFreeGuidance}.
 *
 * @param <C> the model's condition type
 */
public record ContrastGuidance<C>(ClassifierFreeGuidance<C> guidance, C contrast, double contrastScale)
        implements NoisePredictor {

    public ContrastGuidance {
        Objects.requireNonNull(guidance, "guidance");
        Objects.requireNonNull(contrast, "contrast");
        if (!Double.isFinite(contrastScale)) {
            throw new IllegalArgumentException("Contrast scale must be a finite number, got " + contrastScale);
        }
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t) {
        if (contrastScale == 0.0) {
            return guidance.predictNoise(x, t);
        }
        List<NDArray> branches = guidance.denoiser().predictBranches(x, t,
                List.of(guidance.condition(), guidance.nullCondition(), contrast));
        NDArray conditional = branches.get(0);
        NDArray unconditional = branches.get(1);
        NDArray contrasting = branches.get(2);
        return unconditional.add(conditional.sub(unconditional).mul((float) guidance.scale()))
                .add(conditional.sub(contrasting).mul((float) contrastScale));
    }
}
