package dev.tessera.generation.metrics;

import java.util.SplittableRandom;

/**
 * A bootstrap of the Fréchet distance over the generated rows, the reference held fixed. A resample
 * is a vector of multiplicities, so no rows are copied; and because R S* R is the covariance of the rows
 * multiplied by R = S_ref^(1/2) (done once), each resample costs one O(n d^2) covariance and one symmetric
 * eigenvalue solve.
 */
public final class FrechetBootstrap {

    private FrechetBootstrap() {
    }

    /**
     * The distance θ of all rows from the reference, and the interval θ ± z·sd(θ*) from the spread of
     * the resampled distances θ*. Percentile intervals do not work here: a resample repeats rows, its
     * covariance is noisier and its distance biased upward by more than the spread (at d = 256,
     * n = 2000 the percentile interval lay wholly above θ, and its reflection wholly below). The spread
     * is what a comparison at equal sample counts needs; the bias of θ itself cancels in such comparisons.
     */
    public static MetricEstimate estimate(FrechetReference reference, FeatureMatrix generated,
            BootstrapOptions options) {
        if (reference == null || generated == null || options == null) {
            throw new IllegalArgumentException("reference, generated features and options are required");
        }
        int n = generated.rows();
        if (n < 2) {
            throw new IllegalArgumentException("a Fréchet distance needs at least 2 generated rows, got " + n);
        }
        FeatureMatrix rooted = reference.multiplyRowsByRoot(generated);
        double value = distance(reference, generated, rooted, null, n);
        SplittableRandom random = new SplittableRandom(options.seed());
        double[] replicates = new double[options.resamples()];
        int[] counts = new int[n];
        for (int b = 0; b < replicates.length; b++) {
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[random.nextInt(n)]++;
            }
            replicates[b] = distance(reference, generated, rooted, counts, n);
        }
        double halfWidth = normalQuantile(options.confidenceLevel())
                * ValueSpread.standardDeviation(replicates, replicates.length - 1);
        return new MetricEstimate(value, value - halfWidth, value + halfWidth, n);
    }

    private static double distance(FrechetReference reference, FeatureMatrix generated, FeatureMatrix rooted,
            int[] counts, int total) {
        double[] mean = SampleMoments.mean(generated, counts, total);
        double trace = SampleMoments.covarianceTrace(generated, counts, total, mean);
        double[] rootedMean = SampleMoments.mean(rooted, counts, total);
        double[][] sandwich = SampleMoments.covariance(rooted, counts, total, rootedMean);
        return reference.fromMoments(mean, trace, sandwich);
    }

    /** The two-sided standard normal quantile for a confidence level (1.96 for 0.95). */
    private static double normalQuantile(double confidenceLevel) {
        return new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability(
                0.5 + confidenceLevel / 2);
    }
}
