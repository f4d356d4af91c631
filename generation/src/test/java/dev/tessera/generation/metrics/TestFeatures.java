package dev.tessera.generation.metrics;

import java.util.Random;

/** Seeded synthetic feature sets for the metric tests. */
final class TestFeatures {

    private TestFeatures() {
    }

    /** n rows of independent N(shift, scale^2) features. */
    static double[][] gaussian(int n, int d, long seed, double shift, double scale) {
        Random random = new Random(seed);
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = shift + scale * random.nextGaussian();
            }
        }
        return rows;
    }

    /** Correlated features: standard normals times a fixed random mixing matrix, plus a per-column offset. */
    static double[][] correlated(int n, int d, long dataSeed, long mixingSeed) {
        double[][] z = gaussian(n, d, dataSeed, 0, 1);
        Random random = new Random(mixingSeed);
        double[][] mixing = new double[d][d];
        double[] offset = new double[d];
        for (int i = 0; i < d; i++) {
            offset[i] = random.nextGaussian();
            for (int j = 0; j < d; j++) {
                mixing[i][j] = random.nextGaussian() / Math.sqrt(d) + (i == j ? 1 : 0);
            }
        }
        double[][] rows = new double[n][d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                double s = offset[i];
                for (int k = 0; k < d; k++) {
                    s += mixing[i][k] * z[r][k];
                }
                rows[r][i] = s;
            }
        }
        return rows;
    }

    /** A random orthogonal d x d matrix: Gram-Schmidt on Gaussian columns. */
    static double[][] orthogonal(int d, long seed) {
        double[][] q = gaussian(d, d, seed, 0, 1); // rows become orthonormal vectors
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += q[i][j] * q[k][j];
                }
                for (int j = 0; j < d; j++) {
                    q[i][j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += q[i][j] * q[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                q[i][j] /= norm;
            }
        }
        return q;
    }

    /** Every row multiplied by {@code m}: row' = m row. */
    static double[][] transform(double[][] rows, double[][] m) {
        int d = m.length;
        double[][] out = new double[rows.length][d];
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += m[i][k] * rows[r][k];
                }
                out[r][i] = s;
            }
        }
        return out;
    }

    static double[][] addToEveryValue(double[][] rows, double offset) {
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = rows[r].clone();
            for (int j = 0; j < out[r].length; j++) {
                out[r][j] += offset;
            }
        }
        return out;
    }
}
