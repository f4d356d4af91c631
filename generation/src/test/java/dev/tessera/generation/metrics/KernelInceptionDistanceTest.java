package dev.tessera.generation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KernelInceptionDistanceTest {

    /** k(a, b) = (a'b / 2 + 1)^3 for 2-D rows, written out independently of the production kernel. */
    private static double k2(double[] a, double[] b) {
        double t = (a[0] * b[0] + a[1] * b[1]) / 2 + 1;
        return t * t * t;
    }

    @Test
    void threePlusThreePointsMatchTheMmdFormulaWrittenOut() {
        double[][] x = {{1, 0}, {0, 2}, {-1, 1}};
        double[][] y = {{2, 2}, {1, -1}, {0, 0}};
        // Unbiased MMD^2: off-diagonal means within each set (3 * 2 ordered pairs) minus twice the cross mean.
        double withinX = 2 * (k2(x[0], x[1]) + k2(x[0], x[2]) + k2(x[1], x[2])) / 6;
        double withinY = 2 * (k2(y[0], y[1]) + k2(y[0], y[2]) + k2(y[1], y[2])) / 6;
        double across = 0;
        for (double[] a : x) {
            for (double[] b : y) {
                across += k2(a, b);
            }
        }
        double expected = withinX + withinY - 2 * across / 9;
        // k(x0,x1) = 1, k(x0,x2) = 0.125, k(x1,x2) = 8; k(y0,y1) = 1, k(y0,y2) = 1, k(y1,y2) = 1: within = 3.04 + 1.
        assertEquals(2 * 9.125 / 6 + 1, withinX + withinY, 1e-15);
        assertEquals(expected, KernelInceptionDistance.unbiasedMmd2(FeatureMatrix.of(x), FeatureMatrix.of(y)), 1e-13);
        // With subsets as large as the sets, every subset is the whole set: the KID is that same value.
        KidResult kid = KernelInceptionDistance.compute(FeatureMatrix.of(x), FeatureMatrix.of(y),
                new KidOptions(5, 1000, 1));
        assertEquals(3, kid.subsetSize());
        assertEquals(expected, kid.mean(), 1e-13);
        assertEquals(0, kid.standardDeviation(), 1e-13);
    }

    @Test
    void independentDrawsFromOneDistributionAverageToZero() {
        int repetitions = 400;
        double[] values = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            FeatureMatrix a = FeatureMatrix.of(TestFeatures.gaussian(40, 4, 1000 + 2L * r, 0, 1));
            FeatureMatrix b = FeatureMatrix.of(TestFeatures.gaussian(40, 4, 1001 + 2L * r, 0, 1));
            values[r] = KernelInceptionDistance.unbiasedMmd2(a, b);
        }
        double[] meanAndError = meanAndStandardError(values);
        assertTrue(Math.abs(meanAndError[0]) < 3 * meanAndError[1],
                "mean " + meanAndError[0] + " vs standard error " + meanAndError[1]);
        long negatives = java.util.Arrays.stream(values).filter(v -> v < 0).count();
        assertTrue(negatives > repetitions / 5, "an unbiased estimator of 0 goes negative often: " + negatives);
    }

    @Test
    void aShiftedDistributionGivesClearlyPositiveKid() {
        int repetitions = 100;
        double[] values = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            FeatureMatrix a = FeatureMatrix.of(TestFeatures.gaussian(40, 4, 5000 + 2L * r, 0, 1));
            FeatureMatrix b = FeatureMatrix.of(TestFeatures.gaussian(40, 4, 5001 + 2L * r, 0.5, 1));
            values[r] = KernelInceptionDistance.unbiasedMmd2(a, b);
        }
        double[] meanAndError = meanAndStandardError(values);
        assertTrue(meanAndError[0] > 10 * meanAndError[1],
                "mean " + meanAndError[0] + " vs standard error " + meanAndError[1]);
    }

    private static double[] meanAndStandardError(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(squares / (values.length - 1) / values.length)};
    }

    @Test
    void rowOrderDoesNotMatter() {
        double[][] x = TestFeatures.correlated(60, 5, 1, 2);
        double[][] y = TestFeatures.gaussian(50, 5, 3, 0.2, 1);
        double before = KernelInceptionDistance.unbiasedMmd2(FeatureMatrix.of(x), FeatureMatrix.of(y));
        double after = KernelInceptionDistance.unbiasedMmd2(FeatureMatrix.of(shuffled(x, 4)),
                FeatureMatrix.of(shuffled(y, 5)));
        assertTrue(before > 0.01, "sets should differ: " + before);
        assertEquals(before, after, 1e-12 * Math.abs(before));
        // Equal set sizes within the subset size: each subset is a whole set, so order cannot matter there either.
        double[][] z = TestFeatures.gaussian(60, 5, 8, 0.2, 1);
        KidOptions whole = new KidOptions(3, 1000, 6);
        double kid = KernelInceptionDistance.compute(FeatureMatrix.of(x), FeatureMatrix.of(z), whole).mean();
        assertEquals(kid, KernelInceptionDistance.compute(FeatureMatrix.of(shuffled(x, 7)), FeatureMatrix.of(z),
                whole).mean(), 1e-12 * Math.abs(kid));
    }

    private static double[][] shuffled(double[][] rows, long seed) {
        List<double[]> list = new ArrayList<>(List.of(rows));
        Collections.shuffle(list, new Random(seed));
        return list.toArray(new double[0][]);
    }

    @Test
    void subsetsAreSeededAndSizedAsConfigured() {
        FeatureMatrix gen = FeatureMatrix.of(TestFeatures.gaussian(120, 3, 1, 0.3, 1));
        FeatureMatrix ref = FeatureMatrix.of(TestFeatures.gaussian(200, 3, 2, 0, 1));
        KidOptions options = new KidOptions(20, 50, 9);
        KidResult first = KernelInceptionDistance.compute(gen, ref, options);
        KidResult again = KernelInceptionDistance.compute(gen, ref, options);
        KidResult other = KernelInceptionDistance.compute(gen, ref, options.withSeed(10));
        assertEquals(first, again);
        assertNotEquals(first.mean(), other.mean());
        assertEquals(50, first.subsetSize());
        assertEquals(20, first.subsetValues().length);
        assertTrue(first.standardDeviation() > 0);
        assertEquals(120, KernelInceptionDistance.compute(gen, ref, KidOptions.defaults()).subsetSize());

        MetricEstimate estimate = first.estimate(0.95);
        assertEquals(120, estimate.sampleCount());
        assertEquals(first.mean(), estimate.value());
        assertTrue(estimate.contains(first.mean()), estimate.toString());
        double[] sorted = first.subsetValues();
        java.util.Arrays.sort(sorted);
        assertTrue(estimate.low() >= sorted[0] && estimate.high() <= sorted[sorted.length - 1]);
    }

    @Test
    void invalidInputsAreRejected() {
        FeatureMatrix a = FeatureMatrix.of(TestFeatures.gaussian(10, 3, 1, 0, 1));
        FeatureMatrix b = FeatureMatrix.of(TestFeatures.gaussian(10, 2, 2, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelInceptionDistance.compute(a, b, KidOptions.defaults()));
        assertTrue(e.getMessage().contains("KID: feature dimensions differ (3 vs 2)"), e.getMessage());
        FeatureMatrix one = FeatureMatrix.of(TestFeatures.gaussian(1, 3, 3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> KernelInceptionDistance.compute(one, a, KidOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new KidOptions(0, 1000, 0));
        assertThrows(IllegalArgumentException.class, () -> new KidOptions(10, 1, 0));
    }
}
