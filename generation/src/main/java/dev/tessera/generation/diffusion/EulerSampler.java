package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * Euler on the probability-flow ODE in Karras form (k-diffusion's {@code sample_euler}): with
 * {@code s = sigma/alpha} and {@code y = x / alpha}, {@code dy/ds = eps}, so
 * {@code y_to = y_from + (s_to - s_from) eps}. On the same timesteps this update is algebraically
 * DDIM (Karras et al. 2022, sec. 3); what makes it a different sampler is its default Karras
 * (rho = 7) spacing, dense near the data.
 */
public record EulerSampler(NoiseSchedule schedule, TimestepSpacing spacing) implements Sampler {

    public EulerSampler {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(spacing, "spacing");
    }

    /** Euler on Karras (rho = 7) noise levels, as k-diffusion uses it. */
    public static EulerSampler of(NoiseSchedule schedule) {
        return new EulerSampler(schedule, TimestepSpacing.Karras.standard());
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.EULER;
    }

    @Override
    public NDArray sample(NoisePredictor model, NDArray initialNoise, SamplingOptions options) {
        return SamplingLoop.run(schedule, spacing, EulerSampler::step, model, initialNoise, options);
    }

    private static NDArray step(StepInputs in) {
        double alphaTo = in.to().alpha();
        double ds = in.to().karrasSigma() - in.from().karrasSigma();
        // Back from y = x / alpha to the variance-preserving x the models see.
        return in.x().mul((float) (alphaTo / in.from().alpha())).add(in.eps().mul((float) (alphaTo * ds)));
    }
}
