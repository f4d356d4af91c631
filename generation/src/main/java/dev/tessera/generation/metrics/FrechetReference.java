package dev.tessera.generation.metrics;

/**
 * The fixed side of a Fréchet distance, usually the real images' statistics, with its covariance square root
 * computed once. Tr((S1 S2)^(1/2)) is evaluated as Tr((R S2 R)^(1/2)) with R = S1^(1/2): R S2 R is symmetric
 * PSD, so a symmetric eigensolver applies, unlike the non-symmetric product S1 S2 that scipy's sqrtm needs.
 */
public final class FrechetReference {

    private final GaussianStats stats;
    private final double[][] covarianceRoot;
    private final double covarianceTrace;

    private FrechetReference(GaussianStats stats) {
        this.stats = stats;
        this.covarianceRoot = PsdMatrices.sqrt(stats.covarianceView());
        this.covarianceTrace = stats.covarianceTrace();
    }

    public static FrechetReference of(GaussianStats stats) {
        if (stats == null) {
            throw new IllegalArgumentException("reference statistics are required");
        }
        return new FrechetReference(stats);
    }

    public GaussianStats stats() {
        return stats;
    }

    public int dimension() {
        return stats.dimension();
    }

    /** ||m1 - m2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)) between the reference and {@code other}. */
    public double distanceTo(GaussianStats other) {
        requireDimension(other.dimension(), "Fréchet distance");
        double[][] sandwiched = PsdMatrices.sandwich(covarianceRoot, other.covarianceView());
        return fromMoments(other.meanView(), other.covarianceTrace(), sandwiched);
    }

    /** Fits a Gaussian to {@code features} and measures its distance from the reference. */
    public double distanceTo(FeatureMatrix features) {
        requireDimension(features.columns(), "Fréchet distance");
        return distanceTo(GaussianStats.fit(features));
    }

    /**
     * The distance given the other side's mean, covariance trace and R S2 R. The bootstrap passes R S2 R as
     * the covariance of the rows multiplied by R, which avoids two d x d x d products per resample.
     */
    double fromMoments(double[] otherMean, double otherCovarianceTrace, double[][] rootSandwich) {
        double[] mean = stats.meanView();
        double meanTerm = 0;
        for (int i = 0; i < mean.length; i++) {
            double diff = mean[i] - otherMean[i];
            meanTerm += diff * diff;
        }
        return meanTerm + covarianceTrace + otherCovarianceTrace - 2 * PsdMatrices.traceOfSqrt(rootSandwich);
    }

    /** Each row y replaced by R y, so that the covariance of the result is R S R. */
    FeatureMatrix multiplyRowsByRoot(FeatureMatrix features) {
        requireDimension(features.columns(), "Fréchet distance");
        int n = features.rows();
        int d = features.columns();
        double[] in = features.values();
        double[] out = new double[n * d];
        for (int r = 0; r < n; r++) {
            int offset = r * d;
            for (int i = 0; i < d; i++) {
                double[] rootRow = covarianceRoot[i];
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += rootRow[k] * in[offset + k];
                }
                out[offset + i] = s;
            }
        }
        return new FeatureMatrix(n, d, out);
    }

    private void requireDimension(int d, String what) {
        if (d != stats.dimension()) {
            throw new IllegalArgumentException(what + ": feature dimensions differ (reference " + stats.dimension()
                    + " vs " + d + ")");
        }
    }
}
