package dev.tessera.generation.metrics;

import java.util.Arrays;

/**
 * KID over subsets: the mean of the per-subset unbiased MMD^2 values (the reported KID), their population
 * standard deviation (as torch-fidelity reports it), the values themselves, and the sizes involved. A single
 * value may be negative: the estimator is unbiased, so with equal distributions it scatters around zero.
 */
public record KidResult(double mean, double standardDeviation, double[] subsetValues, int subsetSize,
        int generatedCount, int referenceCount) {

    public KidResult {
        subsetValues = subsetValues.clone();
    }

    @Override
    public double[] subsetValues() {
        return subsetValues.clone();
    }

    /**
     * The mean with the central {@code confidenceLevel} percentile range of the subset values: the spread of
     * one subset's KID, wider than the uncertainty of the mean over subsets. When the subsets are the whole
     * sets (both no larger than the subset size) every value is the same and the interval collapses.
     */
    public MetricEstimate estimate(double confidenceLevel) {
        double[] interval = Percentiles.centralInterval(subsetValues, confidenceLevel);
        return new MetricEstimate(mean, interval[0], interval[1], generatedCount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KidResult k && Arrays.equals(k.subsetValues, subsetValues) && k.subsetSize == subsetSize
                && k.generatedCount == generatedCount && k.referenceCount == referenceCount;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(subsetValues) * 31 + subsetSize;
    }

    @Override
    public String toString() {
        return "KidResult[mean=" + mean + ", std=" + standardDeviation + ", subsets=" + subsetValues.length
                + " of " + subsetSize + ", n=" + generatedCount + "]";
    }
}
