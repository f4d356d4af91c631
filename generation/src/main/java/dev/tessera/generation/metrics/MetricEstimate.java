package dev.tessera.generation.metrics;

/**
 * A metric value with a confidence interval and the number of generated samples behind it. Scores such as
 * FED and KID depend on the sample count, so an estimate without its count cannot be compared with another.
 * The interval need not contain the value: a percentile bootstrap of a biased statistic can sit beside it.
 */
public record MetricEstimate(double value, double low, double high, int sampleCount) {

    public MetricEstimate {
        if (Double.isNaN(value) || Double.isNaN(low) || Double.isNaN(high)) {
            throw new IllegalArgumentException("estimate has NaN: value " + value + ", interval [" + low + ", "
                    + high + "]");
        }
        if (low > high) {
            throw new IllegalArgumentException("interval low " + low + " is above high " + high);
        }
        if (sampleCount < 1) {
            throw new IllegalArgumentException("sample count must be positive, got " + sampleCount);
        }
    }

    public double width() {
        return high - low;
    }

    public boolean contains(double x) {
        return low <= x && x <= high;
    }

    /** Fails unless {@code other} was measured at the same sample count (the rule in docs/metrics-maths.md). */
    public void requireSameSampleCount(MetricEstimate other) {
        if (other.sampleCount != sampleCount) {
            throw new IllegalArgumentException("estimates at different sample counts (" + sampleCount + " vs "
                    + other.sampleCount + ") are not comparable; measure both at the same count");
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.6g [%.6g, %.6g] (n=%d)", value, low, high, sampleCount);
    }
}
