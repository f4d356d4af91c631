package dev.tessera.generation.metrics;

/**
 * Mean and unbiased covariance of feature rows, optionally with integer multiplicities per row (a bootstrap
 * resample is the original rows counted 0, 1, 2... times, so it never needs to be copied). Two passes in
 * double: centring before the cross products avoids the cancellation of the E[xx'] - mm' shortcut.
 */
final class SampleMoments {

    private SampleMoments() {
    }

    /** Weighted mean; {@code counts == null} means every row once, {@code total} is the sum of the counts. */
    static double[] mean(FeatureMatrix x, int[] counts, int total) {
        int d = x.columns();
        double[] v = x.values();
        double[] mean = new double[d];
        for (int r = 0; r < x.rows(); r++) {
            int c = counts == null ? 1 : counts[r];
            if (c == 0) {
                continue;
            }
            int offset = r * d;
            for (int j = 0; j < d; j++) {
                mean[j] += c * v[offset + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= total;
        }
        return mean;
    }

    /** Unbiased (divided by total - 1) covariance about {@code mean}; only the upper triangle is summed. */
    static double[][] covariance(FeatureMatrix x, int[] counts, int total, double[] mean) {
        if (total < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + total);
        }
        int d = x.columns();
        double[] v = x.values();
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (int r = 0; r < x.rows(); r++) {
            int c = counts == null ? 1 : counts[r];
            if (c == 0) {
                continue;
            }
            int offset = r * d;
            for (int j = 0; j < d; j++) {
                centred[j] = v[offset + j] - mean[j];
            }
            for (int i = 0; i < d; i++) {
                double weighted = c * centred[i];
                double[] row = cov[i];
                for (int j = i; j < d; j++) {
                    row[j] += weighted * centred[j];
                }
            }
        }
        double scale = 1.0 / (total - 1);
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] *= scale;
                cov[j][i] = cov[i][j];
            }
        }
        return cov;
    }

    /** The trace of {@link #covariance} without forming it: the mean squared distance to the mean, unbiased. */
    static double covarianceTrace(FeatureMatrix x, int[] counts, int total, double[] mean) {
        int d = x.columns();
        double[] v = x.values();
        double sum = 0;
        for (int r = 0; r < x.rows(); r++) {
            int c = counts == null ? 1 : counts[r];
            if (c == 0) {
                continue;
            }
            int offset = r * d;
            double squared = 0;
            for (int j = 0; j < d; j++) {
                double u = v[offset + j] - mean[j];
                squared += u * u;
            }
            sum += c * squared;
        }
        return sum / (total - 1);
    }
}
