package dev.tessera.generation.metrics;

/** Sums of the KID kernel k(a, b) = (a'b / d + 1)^3 over pairs of feature rows. */
final class PolynomialKernel {

    private PolynomialKernel() {
    }

    static double kernel(double[] a, int aOffset, double[] b, int bOffset, int d) {
        double t = dot(a, aOffset, b, bOffset, d) / d + 1;
        return t * t * t;
    }

    /** Sum over i < j of k(x_i, x_j). */
    static double sumOverDistinctPairs(FeatureMatrix x) {
        int d = x.columns();
        double[] v = x.values();
        double sum = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = i + 1; j < x.rows(); j++) {
                sum += kernel(v, i * d, v, j * d, d);
            }
        }
        return sum;
    }

    /** Sum over all i, j of k(x_i, y_j). */
    static double sumOverAllPairs(FeatureMatrix x, FeatureMatrix y) {
        int d = x.columns();
        double[] xv = x.values();
        double[] yv = y.values();
        double sum = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < y.rows(); j++) {
                sum += kernel(xv, i * d, yv, j * d, d);
            }
        }
        return sum;
    }

    /** Four running sums break the add-latency chain; the JIT does not reorder floating-point sums itself. */
    private static double dot(double[] a, int aOffset, double[] b, int bOffset, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < d; k += 4) {
            s0 += a[aOffset + k] * b[bOffset + k];
            s1 += a[aOffset + k + 1] * b[bOffset + k + 1];
            s2 += a[aOffset + k + 2] * b[bOffset + k + 2];
            s3 += a[aOffset + k + 3] * b[bOffset + k + 3];
        }
        for (; k < d; k++) {
            s0 += a[aOffset + k] * b[bOffset + k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
