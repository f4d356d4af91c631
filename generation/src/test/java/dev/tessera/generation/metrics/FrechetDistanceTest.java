package dev.tessera.generation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void distanceOfASetToItselfIsZero() {
        GaussianStats stats = GaussianStats.fit(FeatureMatrix.of(TestFeatures.correlated(300, 24, 1, 2)));
        double fd = FrechetDistance.between(stats, stats);
        // Relative to the size of the terms that cancel: Tr S1 + Tr S2.
        assertTrue(Math.abs(fd) < 1e-8 * 2 * stats.covarianceTrace(), "FD to itself: " + fd);
    }

    @Test
    void oneDimensionalCaseIsSquaredMeanAndStandardDeviationDifferences() {
        double[][] a = TestFeatures.gaussian(400, 1, 3, 1.0, 2.0);
        double[][] b = TestFeatures.gaussian(300, 1, 4, -0.5, 0.7);
        double[] ma = meanAndUnbiasedVariance(a);
        double[] mb = meanAndUnbiasedVariance(b);
        double expected = Math.pow(ma[0] - mb[0], 2) + Math.pow(Math.sqrt(ma[1]) - Math.sqrt(mb[1]), 2);
        double fd = FrechetDistance.between(FeatureMatrix.of(a), FeatureMatrix.of(b));
        assertEquals(expected, fd, 1e-12 * expected);
    }

    private static double[] meanAndUnbiasedVariance(double[][] rows) {
        double sum = 0;
        for (double[] row : rows) {
            sum += row[0];
        }
        double mean = sum / rows.length;
        double squares = 0;
        for (double[] row : rows) {
            squares += (row[0] - mean) * (row[0] - mean);
        }
        return new double[] {mean, squares / (rows.length - 1)};
    }

    @Test
    void diagonalCovariancesGiveSumsOfSquaredDifferencesOfRoots() {
        double[] meanA = {0.5, -1, 2, 0};
        double[] meanB = {1.5, 1, 2, -3};
        double[] varA = {4, 0.25, 9, 1e-3};
        double[] varB = {1, 1, 0.5, 2};
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            expected += Math.pow(meanA[i] - meanB[i], 2) + Math.pow(Math.sqrt(varA[i]) - Math.sqrt(varB[i]), 2);
        }
        double fd = FrechetDistance.between(new GaussianStats(meanA, diagonal(varA), 10),
                new GaussianStats(meanB, diagonal(varB), 10));
        assertEquals(expected, fd, 1e-12 * expected);
    }

    private static double[][] diagonal(double[] values) {
        double[][] m = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) {
            m[i][i] = values[i];
        }
        return m;
    }

    @Test
    void nonDiagonalTwoByTwoMatchesTheClosedFormSquareRoot() {
        double[][] s1 = {{2, 0.5}, {0.5, 1}};
        double[][] s2 = {{1, -0.3}, {-0.3, 3}};
        double[] m1 = {1, 2};
        double[] m2 = {0, 0.5};
        // For a 2x2 M with non-negative eigenvalues, sqrt(M) = (M + sqrt(det M) I) / sqrt(Tr M + 2 sqrt(det M)),
        // hence Tr sqrt(M) = sqrt(Tr M + 2 sqrt(det M)); here M = S1 S2, det M = det S1 det S2.
        double trM = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double detM = (s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0]) * (s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0]);
        double traceRoot = Math.sqrt(trM + 2 * Math.sqrt(detM));
        double expected = Math.pow(m1[0] - m2[0], 2) + Math.pow(m1[1] - m2[1], 2)
                + (s1[0][0] + s1[1][1]) + (s2[0][0] + s2[1][1]) - 2 * traceRoot;
        double fd = FrechetDistance.between(new GaussianStats(m1, s1, 5), new GaussianStats(m2, s2, 5));
        assertEquals(expected, fd, 1e-12 * expected);
    }

    @Test
    void rotatingBothSetsByTheSameOrthogonalMatrixLeavesTheDistanceUnchanged() {
        int d = 12;
        double[][] a = TestFeatures.correlated(200, d, 5, 6);
        double[][] b = TestFeatures.correlated(250, d, 7, 8);
        double[][] q = TestFeatures.orthogonal(d, 9);
        double before = FrechetDistance.between(FeatureMatrix.of(a), FeatureMatrix.of(b));
        double after = FrechetDistance.between(FeatureMatrix.of(TestFeatures.transform(a, q)),
                FeatureMatrix.of(TestFeatures.transform(b, q)));
        assertTrue(before > 1, "the two sets should be clearly apart: " + before);
        assertEquals(before, after, 1e-9 * before);
    }

    @Test
    void distanceIsSymmetricInItsArguments() {
        GaussianStats a = GaussianStats.fit(FeatureMatrix.of(TestFeatures.correlated(200, 10, 10, 11)));
        GaussianStats b = GaussianStats.fit(FeatureMatrix.of(TestFeatures.correlated(150, 10, 12, 13)));
        double ab = FrechetDistance.between(a, b);
        double ba = FrechetDistance.between(b, a);
        assertTrue(ab > 1, "the two sets should be clearly apart: " + ab);
        assertEquals(ab, ba, 1e-9 * ab);
    }

    @Test
    void referenceObjectGivesTheSameDistanceForStatsAndRawFeatures() {
        FeatureMatrix real = FeatureMatrix.of(TestFeatures.correlated(200, 6, 14, 15));
        FeatureMatrix fake = FeatureMatrix.of(TestFeatures.gaussian(120, 6, 16, 0.3, 1.5));
        FrechetReference reference = FrechetReference.of(GaussianStats.fit(real));
        double expected = FrechetDistance.between(real, fake);
        assertEquals(expected, reference.distanceTo(fake), 1e-12 * expected);
        assertEquals(expected, reference.distanceTo(GaussianStats.fit(fake)), 1e-12 * expected);
    }

    @Test
    void mismatchedDimensionsAreRejectedWithAClearMessage() {
        FeatureMatrix a = FeatureMatrix.of(TestFeatures.gaussian(10, 3, 1, 0, 1));
        FeatureMatrix b = FeatureMatrix.of(TestFeatures.gaussian(10, 4, 2, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.between(a, b));
        assertTrue(e.getMessage().contains("dimensions differ (3 vs 4)"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> FrechetReference.of(GaussianStats.fit(a)).distanceTo(GaussianStats.fit(b)));
        assertTrue(e2.getMessage().contains("dimensions differ"), e2.getMessage());
    }
}
