package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * DDIM with eta = 0 (Song et al. 2021): {@code x_to = alpha_to x0 + sigma_to eps}, written as
 * {@code (alpha_to / alpha_from) x + (sigma_to - alpha_to sigma_from / alpha_from) eps} so the
 * coefficients are formed in double. First order in lambda.
 */
public record DdimSampler(NoiseSchedule schedule, TimestepSpacing spacing) implements Sampler {

    public DdimSampler {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(spacing, "spacing");
    }

    /** DDIM on diffusers' "trailing" timesteps. */
    public static DdimSampler of(NoiseSchedule schedule) {
        return new DdimSampler(schedule, new TimestepSpacing.Trailing());
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.DDIM;
    }

    @Override
    public NDArray sample(NoisePredictor model, NDArray initialNoise, SamplingOptions options) {
        return SamplingLoop.run(schedule, spacing, DdimSampler::step, model, initialNoise, options);
    }

    private static NDArray step(StepInputs in) {
        double keep = in.to().alpha() / in.from().alpha();
        double noise = in.to().sigma() - in.to().alpha() * in.from().sigma() / in.from().alpha();
        return in.x().mul((float) keep).add(in.eps().mul((float) noise));
    }
}
