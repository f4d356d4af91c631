package dev.tessera.generation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrechetBootstrapTest {

    private static final int D = 8;
    /** Real features: correlated, 4000 rows. Generated ones: shifted and rescaled, so the distance is clearly > 0. */
    private static final FrechetReference REFERENCE =
            FrechetReference.of(GaussianStats.fit(FeatureMatrix.of(TestFeatures.correlated(4000, D, 1, 2))));

    private static FeatureMatrix generated(int n, long seed) {
        return FeatureMatrix.of(TestFeatures.gaussian(n, D, seed, 0.4, 1.3));
    }

    @Test
    void pointEstimateIsTheDistanceOfAllRowsAndLiesInsideTheInterval() {
        FeatureMatrix fake = generated(500, 3);
        MetricEstimate estimate = FrechetBootstrap.estimate(REFERENCE, fake, BootstrapOptions.defaults());
        double direct = REFERENCE.distanceTo(fake);
        assertEquals(direct, estimate.value(), 1e-10 * direct);
        assertTrue(estimate.contains(estimate.value()), estimate.toString());
        assertTrue(estimate.width() > 0, estimate.toString());
        assertEquals(500, estimate.sampleCount());
    }

    @Test
    void intervalShrinksAsTheGeneratedSampleGrows() {
        BootstrapOptions options = BootstrapOptions.defaults();
        MetricEstimate small = FrechetBootstrap.estimate(REFERENCE, generated(250, 4), options);
        MetricEstimate large = FrechetBootstrap.estimate(REFERENCE, generated(2000, 5), options);
        // The spread of a smooth statistic scales like 1 / sqrt(n): sqrt(2000 / 250) ~ 2.8.
        double ratio = small.width() / large.width();
        assertTrue(ratio > 1.5, "width ratio " + ratio + ": " + small + " vs " + large);
        assertEquals(250, small.sampleCount());
        assertEquals(2000, large.sampleCount());
    }

    @Test
    void resultIsDeterministicPerSeed() {
        FeatureMatrix fake = generated(300, 6);
        BootstrapOptions options = BootstrapOptions.defaults().withResamples(50).withSeed(17);
        MetricEstimate first = FrechetBootstrap.estimate(REFERENCE, fake, options);
        MetricEstimate again = FrechetBootstrap.estimate(REFERENCE, fake, options);
        MetricEstimate otherSeed = FrechetBootstrap.estimate(REFERENCE, fake, options.withSeed(18));
        assertEquals(first, again);
        assertEquals(first.value(), otherSeed.value());
        assertNotEquals(first.low(), otherSeed.low());
    }

    @Test
    void invalidInputsAreRejected() {
        FeatureMatrix wrongWidth = FeatureMatrix.of(TestFeatures.gaussian(10, D + 1, 7, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrechetBootstrap.estimate(REFERENCE, wrongWidth, BootstrapOptions.defaults()));
        assertTrue(e.getMessage().contains("dimensions differ"), e.getMessage());
        FeatureMatrix oneRow = FeatureMatrix.of(TestFeatures.gaussian(1, D, 8, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> FrechetBootstrap.estimate(REFERENCE, oneRow, BootstrapOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapOptions(1, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapOptions(100, 0, 1.0));
    }

    @Test
    void estimatesAtDifferentSampleCountsRefuseToBeCompared() {
        MetricEstimate a = new MetricEstimate(1, 0.5, 1.5, 250);
        MetricEstimate b = new MetricEstimate(1, 0.5, 1.5, 2000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.requireSameSampleCount(b));
        assertTrue(e.getMessage().contains("250 vs 2000"), e.getMessage());
        a.requireSameSampleCount(new MetricEstimate(3, 2, 4, 250));
    }
}
