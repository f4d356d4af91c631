package dev.tessera.generation.metrics;

import java.util.SplittableRandom;

/**
 * A basic (reflected percentile) bootstrap of the Fréchet distance over the generated rows, the reference held fixed. A resample
 * is a vector of multiplicities, so no rows are copied; and because R S* R is the covariance of the rows
 * multiplied by R = S_ref^(1/2) (done once), each resample costs one O(n d^2) covariance and one symmetric
 * eigenvalue solve.
 */
public final class FrechetBootstrap {

    private FrechetBootstrap() {
    }

    /**
     * The distance of all rows from the reference, and a basic bootstrap interval
     * [2θ − q_hi, 2θ − q_lo] from the resampled distances' quantiles. The reflection matters: a resample
     * repeats rows, its covariance is noisier and its distance biased upward, so at d = 256 the plain
     * percentile interval lay wholly above the estimate; the basic interval corrects that bias.
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
        double[] quantiles = Percentiles.centralInterval(replicates, options.confidenceLevel());
        return new MetricEstimate(value, 2 * value - quantiles[1], 2 * value - quantiles[0], n);
    }

    private static double distance(FrechetReference reference, FeatureMatrix generated, FeatureMatrix rooted,
            int[] counts, int total) {
        double[] mean = SampleMoments.mean(generated, counts, total);
        double trace = SampleMoments.covarianceTrace(generated, counts, total, mean);
        double[] rootedMean = SampleMoments.mean(rooted, counts, total);
        double[][] sandwich = SampleMoments.covariance(rooted, counts, total, rootedMean);
        return reference.fromMoments(mean, trace, sandwich);
    }
}
