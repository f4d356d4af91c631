package dev.tessera.generation.metrics;

/** Judge-feature distance between images of two generators made from the same prompts and seeds. */
public final class PairedFeatureDistance {

    private PairedFeatureDistance() {
    }

    /** Row i of {@code first} is paired with row i of {@code second}. */
    public static FeatureDistanceSummary compare(FeatureMatrix first, FeatureMatrix second) {
        if (first == null || second == null) {
            throw new IllegalArgumentException("both feature sets are required");
        }
        first.requireSameColumns(second, "paired feature distance");
        if (first.rows() != second.rows()) {
            throw new IllegalArgumentException("paired feature distance: row counts differ (" + first.rows() + " vs "
                    + second.rows() + "); rows must be paired one to one");
        }
        int n = first.rows();
        int d = first.columns();
        double[] a = first.values();
        double[] b = second.values();
        double distanceSum = 0;
        double normSum = 0;
        for (int r = 0; r < n; r++) {
            double squaredDistance = 0;
            double squaredNormA = 0;
            double squaredNormB = 0;
            for (int k = r * d; k < (r + 1) * d; k++) {
                double diff = a[k] - b[k];
                squaredDistance += diff * diff;
                squaredNormA += a[k] * a[k];
                squaredNormB += b[k] * b[k];
            }
            distanceSum += Math.sqrt(squaredDistance);
            normSum += Math.sqrt(squaredNormA) + Math.sqrt(squaredNormB);
        }
        double meanDistance = distanceSum / n;
        double meanNorm = normSum / (2.0 * n);
        if (meanNorm == 0) {
            throw new IllegalArgumentException("paired feature distance: every feature row is zero, so the relative "
                    + "distance is undefined");
        }
        return new FeatureDistanceSummary(meanDistance, meanNorm, meanDistance / meanNorm, n);
    }
}
