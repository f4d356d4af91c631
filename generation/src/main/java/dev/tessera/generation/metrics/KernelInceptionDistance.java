package dev.tessera.generation.metrics;

import java.util.SplittableRandom;

/**
 * KID (Bińkowski et al. 2018): the unbiased estimate of the squared maximum mean discrepancy with the cubic
 * polynomial kernel k(x, y) = (x'y / d + 1)^3, averaged over random subsets of both feature sets.
 */
public final class KernelInceptionDistance {

    private KernelInceptionDistance() {
    }

    /** KID of {@code generated} against {@code reference}, over seeded subsets as {@code options} says. */
    public static KidResult compute(FeatureMatrix generated, FeatureMatrix reference, KidOptions options) {
        if (generated == null || reference == null || options == null) {
            throw new IllegalArgumentException("generated features, reference features and options are required");
        }
        generated.requireSameColumns(reference, "KID");
        int m = Math.min(options.maxSubsetSize(), Math.min(generated.rows(), reference.rows()));
        if (m < 2) {
            throw new IllegalArgumentException("KID needs at least 2 rows in each set, got " + generated.rows()
                    + " generated and " + reference.rows() + " reference");
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        int[] generatedOrder = identity(generated.rows());
        int[] referenceOrder = identity(reference.rows());
        double[] values = new double[options.subsets()];
        for (int s = 0; s < values.length; s++) {
            FeatureMatrix x = generated.selectRows(drawWithoutReplacement(generatedOrder, m, random));
            FeatureMatrix y = reference.selectRows(drawWithoutReplacement(referenceOrder, m, random));
            values[s] = unbiasedMmd2(x, y);
        }
        return new KidResult(ValueSpread.mean(values), ValueSpread.standardDeviation(values, values.length), values, m,
                generated.rows(), reference.rows());
    }

    /**
     * The unbiased MMD^2 between all rows of x (m rows) and y (n rows):
     * sum_{i != j} k(x_i, x_j) / (m (m - 1)) + sum_{i != j} k(y_i, y_j) / (n (n - 1)) - 2 sum_{i,j} k(x_i, y_j) / (m n).
     */
    public static double unbiasedMmd2(FeatureMatrix x, FeatureMatrix y) {
        x.requireSameColumns(y, "KID");
        int m = x.rows();
        int n = y.rows();
        if (m < 2 || n < 2) {
            throw new IllegalArgumentException("the unbiased MMD needs at least 2 rows per set, got " + m + " and " + n);
        }
        double withinX = 2 * PolynomialKernel.sumOverDistinctPairs(x) / ((double) m * (m - 1));
        double withinY = 2 * PolynomialKernel.sumOverDistinctPairs(y) / ((double) n * (n - 1));
        double across = PolynomialKernel.sumOverAllPairs(x, y) / ((double) m * n);
        return withinX + withinY - 2 * across;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** The first k entries after a partial Fisher-Yates shuffle of {@code order} (which keeps the shuffle). */
    private static int[] drawWithoutReplacement(int[] order, int k, SplittableRandom random) {
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return java.util.Arrays.copyOf(order, k);
    }
}
