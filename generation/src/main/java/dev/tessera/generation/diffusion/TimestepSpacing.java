package dev.tessera.generation.diffusion;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a sampler evaluates the model. Every spacing yields {@code steps + 1} levels: the
 * {@code steps} levels at which the model is called, noisiest first, then the target level
 * {@link NoiseSchedule#minLevel()} (t = 0), which the last step lands on. Ending at the smallest
 * trained noise rather than at exactly zero (diffusers' {@code final_sigmas_type="sigma_min"},
 * DDIM's {@code set_alpha_to_one=False}) keeps the last jump short, so it is no worse than the
 * others; the std 0.01 of noise left at t = 0 is below 8-bit pixel resolution.
 */
public sealed interface TimestepSpacing {

    List<NoiseLevel> levels(NoiseSchedule schedule, int steps);

    /**
     * diffusers' {@code timestep_spacing="trailing"}: {@code t_i = round(T - i T / steps) - 1},
     * so the first call is always at t = T-1 (pure noise) even for very few steps.
     */
    record Trailing() implements TimestepSpacing {
        @Override
        public List<NoiseLevel> levels(NoiseSchedule schedule, int steps) {
            int trainSteps = schedule.trainSteps();
            requireSteps(steps, trainSteps);
            List<NoiseLevel> levels = new ArrayList<>(steps + 1);
            for (int i = 0; i < steps; i++) {
                long t = Math.round(trainSteps - (double) i * trainSteps / steps) - 1;
                levels.add(schedule.level(t));
            }
            levels.add(schedule.minLevel());
            return List.copyOf(levels);
        }
    }

    /**
     * Karras et al. (2022) spacing: Karras sigmas from the largest to the smallest trained one,
     * evenly spaced in {@code sigma^(1/rho)} ({@code rho = 7} is their choice), mapped back to
     * fractional timesteps; dense near the data, where curvature is largest.
     */
    record Karras(double rho) implements TimestepSpacing {
        public Karras {
            if (!(rho > 0 && Double.isFinite(rho))) {
                throw new IllegalArgumentException("Karras rho must be a positive number, got " + rho);
            }
        }

        public static Karras standard() {
            return new Karras(7.0);
        }

        @Override
        public List<NoiseLevel> levels(NoiseSchedule schedule, int steps) {
            requireSteps(steps, schedule.trainSteps());
            double maxRoot = Math.pow(schedule.maxLevel().karrasSigma(), 1.0 / rho);
            double minRoot = Math.pow(schedule.minLevel().karrasSigma(), 1.0 / rho);
            List<NoiseLevel> levels = new ArrayList<>(steps + 1);
            levels.add(schedule.maxLevel());
            for (int i = 1; i < steps; i++) {
                double sigma = Math.pow(maxRoot + (double) i / steps * (minRoot - maxRoot), rho);
                levels.add(NoiseLevel.ofKarrasSigma(schedule.timestepForKarrasSigma(sigma), sigma));
            }
            levels.add(schedule.minLevel());
            return List.copyOf(levels);
        }
    }

    /**
     * Evenly spaced in lambda = log(alpha / sigma) (DPM-Solver's "logSNR" skip type, diffusers'
     * {@code use_lu_lambdas}): the natural grid of DPM-Solver, whose error terms are powers of
     * the lambda step, so every step carries a similar share of the error.
     */
    record UniformLogSnr() implements TimestepSpacing {
        @Override
        public List<NoiseLevel> levels(NoiseSchedule schedule, int steps) {
            requireSteps(steps, schedule.trainSteps());
            double lambdaMax = schedule.minLevel().lambda();
            double lambdaMin = schedule.maxLevel().lambda();
            List<NoiseLevel> levels = new ArrayList<>(steps + 1);
            levels.add(schedule.maxLevel());
            for (int i = 1; i < steps; i++) {
                // Karras sigma = sigma / alpha = exp(-lambda).
                double sigma = Math.exp(-(lambdaMin + (double) i / steps * (lambdaMax - lambdaMin)));
                levels.add(NoiseLevel.ofKarrasSigma(schedule.timestepForKarrasSigma(sigma), sigma));
            }
            levels.add(schedule.minLevel());
            return List.copyOf(levels);
        }
    }

    private static void requireSteps(int steps, int trainSteps) {
        if (steps < 1 || steps > trainSteps) {
            throw new IllegalArgumentException(
                    "Sampling steps must be between 1 and " + trainSteps + ", got " + steps);
        }
    }
}
