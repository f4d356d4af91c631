package dev.tessera.generation.metrics;

/** How many bootstrap resamples to draw, from which seed, and the two-sided confidence level. */
public record BootstrapOptions(int resamples, long seed, double confidenceLevel) {

    /** 200 resamples keep the 2.5 % and 97.5 % percentiles within a few resamples of noise. */
    public static final int DEFAULT_RESAMPLES = 200;

    public BootstrapOptions {
        if (resamples < 2) {
            throw new IllegalArgumentException("a bootstrap needs at least 2 resamples, got " + resamples);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + confidenceLevel);
        }
    }

    public static BootstrapOptions defaults() {
        return new BootstrapOptions(DEFAULT_RESAMPLES, 0L, 0.95);
    }

    public BootstrapOptions withSeed(long newSeed) {
        return new BootstrapOptions(resamples, newSeed, confidenceLevel);
    }

    public BootstrapOptions withResamples(int count) {
        return new BootstrapOptions(count, seed, confidenceLevel);
    }
}
