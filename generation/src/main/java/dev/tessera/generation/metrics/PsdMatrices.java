package dev.tessera.generation.metrics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Square roots and traces of symmetric positive semi-definite matrices through symmetric eigendecompositions
 * (commons-math). Covariances estimated from data are PSD only up to rounding, so eigenvalues a hair below
 * zero are clamped to zero rather than producing NaN square roots.
 */
final class PsdMatrices {

    private PsdMatrices() {
    }

    /** The symmetric square root V diag(sqrt(max(lambda, 0))) V' of a symmetric PSD matrix. */
    static double[][] sqrt(double[][] symmetric) {
        EigenDecomposition eigen = new EigenDecomposition(symmetrised(symmetric));
        RealMatrix v = eigen.getV();
        double[] lambda = eigen.getRealEigenvalues();
        int d = lambda.length;
        double[][] vScaled = v.getData();
        for (int k = 0; k < d; k++) {
            double root = Math.sqrt(Math.max(lambda[k], 0));
            for (int i = 0; i < d; i++) {
                vScaled[i][k] *= root;
            }
        }
        double[][] vData = v.getData();
        double[][] root = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += vScaled[i][k] * vData[j][k];
                }
                root[i][j] = s;
                root[j][i] = s;
            }
        }
        return root;
    }

    /** Sum of the square roots of the (clamped) eigenvalues, that is Tr(M^(1/2)), of a symmetric PSD matrix. */
    static double traceOfSqrt(double[][] symmetric) {
        double[] lambda = new EigenDecomposition(symmetrised(symmetric)).getRealEigenvalues();
        double sum = 0;
        for (double l : lambda) {
            sum += Math.sqrt(Math.max(l, 0));
        }
        return sum;
    }

    /** S A S for symmetric S and A; symmetric only up to rounding, which {@link #traceOfSqrt} removes. */
    static double[][] sandwich(double[][] s, double[][] a) {
        RealMatrix sm = new Array2DRowRealMatrix(s, false);
        return sm.multiply(new Array2DRowRealMatrix(a, false)).multiply(sm).getData();
    }

    /**
     * (M + M') / 2 as a commons-math matrix: its eigen solver takes the symmetric path only for matrices
     * symmetric to within a tight tolerance, and the cheaper, real-valued path is the one we want.
     */
    private static RealMatrix symmetrised(double[][] m) {
        int d = m.length;
        double[][] sym = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double value = 0.5 * (m[i][j] + m[j][i]);
                sym[i][j] = value;
                sym[j][i] = value;
            }
        }
        return new Array2DRowRealMatrix(sym, false);
    }
}
