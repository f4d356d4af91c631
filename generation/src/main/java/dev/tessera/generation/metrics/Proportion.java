package dev.tessera.generation.metrics;

import java.util.Locale;

/**
 * successes out of count, with the Wilson score 95 % interval. Wilson rather than the normal approximation
 * because accuracies near 0 or 1 on a few hundred prompts are common here, and there the normal interval
 * leaves [0, 1] or collapses to a point.
 */
public record Proportion(int successes, int count, double low, double high) {

    /** The two-sided 95 % standard normal quantile. */
    static final double Z_95 = 1.959963984540054;

    public Proportion {
        if (count < 1) {
            throw new IllegalArgumentException("a proportion needs at least one trial, got " + count);
        }
        if (successes < 0 || successes > count) {
            throw new IllegalArgumentException("successes " + successes + " outside 0.." + count);
        }
    }

    /** successes / count with its Wilson 95 % interval. */
    public static Proportion of(int successes, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a proportion needs at least one trial, got " + count);
        }
        double n = count;
        double p = successes / n;
        double z2 = Z_95 * Z_95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z_95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Proportion(successes, count, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    public double value() {
        return (double) successes / count;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4f [%.4f, %.4f] (%d/%d)", value(), low, high, successes, count);
    }
}
