package dev.tessera.generation.train;

/**
 * Warmup-stable-decay: linear warmup to the peak, constant, then a linear decay over the last
 * {@code decayFraction} of the run that reaches the floor at the final step.
 */
public record LearningRateSchedule(double peak, double floor, long warmupSteps, long totalSteps, double decayFraction) {

    public static LearningRateSchedule of(TrainingConfig config) {
        return new LearningRateSchedule(config.learningRate(), config.minLearningRate(), config.warmupSteps(),
                config.steps(), config.decayFraction());
    }

    /** First step (0-based) of the decay phase. */
    public long decayStart() {
        return totalSteps - Math.round(decayFraction * totalSteps);
    }

    /** Learning rate of the update at 0-based {@code step}. */
    public double at(long step) {
        long decayStart = decayStart();
        if (step >= decayStart) {
            double progress = (double) (step - decayStart + 1) / (totalSteps - decayStart);
            double base = step < warmupSteps ? warmup(step) : peak;
            return base + (floor - base) * Math.min(1.0, progress);
        }
        return step < warmupSteps ? warmup(step) : peak;
    }

    private double warmup(long step) {
        return peak * (step + 1) / warmupSteps;
    }
}
