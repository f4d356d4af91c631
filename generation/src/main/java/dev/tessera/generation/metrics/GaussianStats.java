package dev.tessera.generation.metrics;

import java.util.Arrays;

/**
 * A Gaussian fitted to feature rows: mean, unbiased covariance and the number of rows it came from. The
 * sample count travels with the statistics because Fréchet distances are only comparable at equal counts.
 * Serialises to JSON as {@code {"mean": [...], "covariance": [[...]], "sampleCount": n}}.
 */
public record GaussianStats(double[] mean, double[][] covariance, int sampleCount) {

    /** Relative asymmetry tolerated in a covariance given by hand or read from a file. */
    private static final double SYMMETRY_TOLERANCE = 1e-9;

    public GaussianStats {
        if (mean == null || mean.length == 0) {
            throw new IllegalArgumentException("the mean must have at least one dimension");
        }
        if (sampleCount < 2) {
            throw new IllegalArgumentException("Gaussian statistics need at least 2 samples, got " + sampleCount);
        }
        int d = mean.length;
        if (covariance == null || covariance.length != d) {
            throw new IllegalArgumentException("the covariance must be " + d + " x " + d + " to match the mean, got "
                    + (covariance == null ? "null" : covariance.length + " rows"));
        }
        mean = mean.clone();
        double[][] copy = new double[d][];
        for (int i = 0; i < d; i++) {
            if (covariance[i] == null || covariance[i].length != d) {
                throw new IllegalArgumentException("covariance row " + i + " must have " + d + " entries");
            }
            copy[i] = covariance[i].clone();
        }
        covariance = copy;
        requireFiniteSymmetric(mean, covariance);
    }

    private static void requireFiniteSymmetric(double[] mean, double[][] cov) {
        int d = mean.length;
        double scale = 0;
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("mean[" + i + "] is " + mean[i]);
            }
            if (!(cov[i][i] >= 0) || !Double.isFinite(cov[i][i])) {
                throw new IllegalArgumentException("covariance[" + i + "][" + i + "] is " + cov[i][i]
                        + "; variances must be finite and non-negative");
            }
            scale = Math.max(scale, cov[i][i]);
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                if (!Double.isFinite(cov[i][j])) {
                    throw new IllegalArgumentException("covariance[" + i + "][" + j + "] is " + cov[i][j]);
                }
                if (Math.abs(cov[i][j] - cov[j][i]) > SYMMETRY_TOLERANCE * scale) {
                    throw new IllegalArgumentException("covariance is not symmetric at [" + i + "][" + j + "]: "
                            + cov[i][j] + " vs " + cov[j][i]);
                }
            }
        }
    }

    /** Mean and unbiased (n - 1) covariance of the rows. */
    public static GaussianStats fit(FeatureMatrix features) {
        int n = features.rows();
        if (n < 2) {
            throw new IllegalArgumentException("fitting a Gaussian needs at least 2 feature rows, got " + n);
        }
        double[] mean = SampleMoments.mean(features, null, n);
        return new GaussianStats(mean, SampleMoments.covariance(features, null, n, mean), n);
    }

    public int dimension() {
        return mean.length;
    }

    public double covarianceTrace() {
        double trace = 0;
        for (int i = 0; i < mean.length; i++) {
            trace += covariance[i][i];
        }
        return trace;
    }

    /** A copy: the record's own arrays are never handed out, so a stored reference cannot be altered. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** A copy, for the same reason as {@link #mean()}. */
    @Override
    public double[][] covariance() {
        double[][] copy = new double[covariance.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = covariance[i].clone();
        }
        return copy;
    }

    /** The covariance without copying, for the arithmetic in this package. */
    double[][] covarianceView() {
        return covariance;
    }

    double[] meanView() {
        return mean;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianStats g && g.sampleCount == sampleCount && Arrays.equals(g.mean, mean)
                && Arrays.deepEquals(g.covariance, covariance);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sampleCount + Arrays.hashCode(mean)) + Arrays.deepHashCode(covariance);
    }

    @Override
    public String toString() {
        return "GaussianStats[d=" + mean.length + ", n=" + sampleCount + "]";
    }
}
