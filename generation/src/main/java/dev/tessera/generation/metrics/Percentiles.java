package dev.tessera.generation.metrics;

import java.util.Arrays;

/** Sample quantiles with linear interpolation between order statistics (Hyndman and Fan type 7, numpy's default). */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}-quantile, 0 <= p <= 1, of {@code values} (not modified). */
    public static double quantile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantileOfSorted(sorted, p);
    }

    static double quantileOfSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values to take a quantile of");
        }
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        if (fraction == 0) {
            return sorted[below];
        }
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }

    /** The central {@code level} percentile interval as {low, high}. */
    static double[] centralInterval(double[] values, double level) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double tail = (1 - level) / 2;
        return new double[] {quantileOfSorted(sorted, tail), quantileOfSorted(sorted, 1 - tail)};
    }
}
