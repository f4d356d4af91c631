package dev.tessera.generation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedFidelityTest {

    /** A 3x32x32 image with values spread over [0, 0.9]. */
    private static float[] ramp(int seed) {
        float[] image = new float[3 * 32 * 32];
        for (int k = 0; k < image.length; k++) {
            image[k] = ((k * 7 + seed * 13) % 91) / 100f;
        }
        return image;
    }

    private static float[] plus(float[] image, float offset) {
        float[] out = image.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] += offset;
        }
        return out;
    }

    private static float[] toSigned(float[] image) {
        float[] out = new float[image.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = 2 * image[k] - 1;
        }
        return out;
    }

    @Test
    void uniformOffsetOfOneTenthGivesTwentyDecibels() {
        float[] a = ramp(1);
        float[] b = plus(a, 0.1f);
        PsnrSummary unit = PairedPsnr.compare(new float[][] {a}, new float[][] {b}, PixelRange.UNIT);
        // The float sums a + 0.1f differ from a + 0.1 by ~1e-8, i.e. ~1e-7 relative in MSE, ~1e-6 dB.
        assertEquals(20.0, unit.meanDb(), 1e-5);
        assertEquals(20.0, unit.medianDb(), 1e-5);
        // The same pair in [-1, 1] is offset by 0.2 on a peak of 2: the same 20 dB.
        PsnrSummary signed = PairedPsnr.compare(new float[][] {toSigned(a)}, new float[][] {toSigned(b)},
                PixelRange.SIGNED_UNIT);
        assertEquals(20.0, signed.meanDb(), 1e-5);
    }

    @Test
    void exactlyRepresentableOffsetGivesTheExactDecibels() {
        float[] a = new float[64];
        for (int k = 0; k < a.length; k++) {
            a[k] = (k % 4) / 8f; // 0 .. 0.375, binary fractions
        }
        PsnrSummary summary = PairedPsnr.compare(new float[][] {a}, new float[][] {plus(a, 0.25f)}, PixelRange.UNIT);
        assertEquals(10 * Math.log10(16), summary.meanDb(), 1e-12);
    }

    @Test
    void identicalPairsAreInfiniteAndLeftOutOfTheMeanButNotTheMedian() {
        float[] a = ramp(2);
        float[] c = ramp(3);
        float[][] first = {a, a, c};
        float[][] second = {plus(a, 0.1f), a.clone(), plus(c, 0.05f)};
        PsnrSummary summary = PairedPsnr.compare(first, second, PixelRange.UNIT);
        double twenty = summary.perImageDb()[0];
        double twentySix = summary.perImageDb()[2];
        assertEquals(20 * Math.log10(1 / 0.05), twentySix, 1e-4);
        assertEquals(Double.POSITIVE_INFINITY, summary.perImageDb()[1]);
        assertEquals(1, summary.identicalCount());
        assertEquals(2, summary.finiteCount());
        assertEquals(3, summary.imageCount());
        assertEquals((twenty + twentySix) / 2, summary.meanDb(), 1e-12);
        assertEquals(twentySix, summary.medianDb()); // sorted: 20, 26.02, +inf

        PsnrSummary allSame = PairedPsnr.compare(new float[][] {a}, new float[][] {a.clone()}, PixelRange.UNIT);
        assertEquals(Double.POSITIVE_INFINITY, allSame.meanDb());
        assertEquals(0, allSame.finiteCount());
    }

    @Test
    void psnrRejectsMismatchesAndValuesOutsideTheRange() {
        float[] a = ramp(4);
        assertMessage("outside [0, 1]", () -> PairedPsnr.compare(new float[][] {toSigned(a)}, new float[][] {a},
                PixelRange.UNIT));
        assertMessage("image 0 differs in size", () -> PairedPsnr.compare(new float[][] {a},
                new float[][] {new float[10]}, PixelRange.UNIT));
        assertMessage("got 2 and 1", () -> PairedPsnr.compare(new float[][] {a, a}, new float[][] {a},
                PixelRange.UNIT));
    }

    @Test
    void featureDistanceIsTheMeanPairDistanceOverTheMeanNorm() {
        FeatureMatrix first = FeatureMatrix.of(new double[][] {{3, 4}, {0, 0}});
        FeatureMatrix second = FeatureMatrix.of(new double[][] {{0, 0}, {0, 1}});
        FeatureDistanceSummary summary = PairedFeatureDistance.compare(first, second);
        // Distances 5 and 1; norms 5, 0, 0, 1.
        assertEquals(3.0, summary.meanDistance(), 1e-15);
        assertEquals(1.5, summary.meanFeatureNorm(), 1e-15);
        assertEquals(2.0, summary.relativeDistance(), 1e-15);
        assertEquals(2, summary.pairCount());
        FeatureDistanceSummary same = PairedFeatureDistance.compare(first, first);
        assertEquals(0, same.meanDistance());
    }

    @Test
    void featureDistanceRejectsUnpairedRows() {
        FeatureMatrix two = FeatureMatrix.of(new double[][] {{1, 2}, {3, 4}});
        assertMessage("row counts differ (2 vs 1)",
                () -> PairedFeatureDistance.compare(two, FeatureMatrix.of(new double[][] {{1, 2}})));
        assertMessage("dimensions differ (2 vs 3)",
                () -> PairedFeatureDistance.compare(two, FeatureMatrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}})));
        FeatureMatrix zeros = FeatureMatrix.of(new double[][] {{0, 0}});
        assertMessage("undefined", () -> PairedFeatureDistance.compare(zeros, zeros));
        assertTrue(PairedFeatureDistance.compare(two, two).relativeDistance() == 0);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}
