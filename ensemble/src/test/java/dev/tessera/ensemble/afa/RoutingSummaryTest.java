package dev.tessera.ensemble.afa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics of hand-made traces, against means computed here. */
class RoutingSummaryTest {

    private static final List<RoutingSummary.Band> THIRDS = RoutingSummary.bands(1000, 3);

    @Test
    void bandsSplitTheTimestepsIntoThirds() {
        assertEquals(List.of(new RoutingSummary.Band(0, 333), new RoutingSummary.Band(333, 666),
                new RoutingSummary.Band(666, 1000)), THIRDS);
    }

    @Test
    void meansAndEntropiesPerPointAndBandAndTheUnion() {
        // Point "a" is 1×1, point "b" 2×2; two experts. Step at t = 900 (band 3), then t = 100 (band 1).
        RoutingTrace.Step late = new RoutingTrace.Step(900, List.of(
                map(1, 0.8f), map(2, 1f, 1f, 0f, 0f)));
        RoutingTrace.Step early = new RoutingTrace.Step(100, List.of(
                map(1, 0.2f), map(2, 0.5f, 0.5f, 0.5f, 0.5f)));
        RoutingTrace trace = new RoutingTrace(List.of("a", "b"), List.of("g", "t"), 1, List.of(late, early));
        RoutingSummary summary = RoutingSummary.of(List.of(trace), THIRDS);

        List<RoutingSummary.Row> a = summary.rowsOf("a");
        assertEquals(4, a.size(), "three bands and all t");
        assertArrayEquals(new double[] {0.2, 0.8}, a.get(0).meanWeights(), 1e-6);
        assertTrue(Double.isNaN(a.get(1).meanWeights()[0]), "no step in the middle band");
        assertArrayEquals(new double[] {0.8, 0.2}, a.get(2).meanWeights(), 1e-6);
        assertArrayEquals(new double[] {0.5, 0.5}, a.get(3).meanWeights(), 1e-6);
        double h82 = -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2));
        assertEquals(h82, a.get(3).meanEntropy(), 1e-6);

        List<RoutingSummary.Row> b = summary.rowsOf("b");
        assertArrayEquals(new double[] {0.5, 0.5}, b.get(2).meanWeights(), 1e-6);
        assertEquals(0, b.get(2).meanEntropy(), 1e-12, "one expert has every pixel");
        assertEquals(Math.log(2), b.get(0).meanEntropy(), 1e-6);

        // The union averages the points, each once: a's 0.5 and b's 0.5; entropy (h82 + ln2 / 2) / 2.
        RoutingSummary.Row union = summary.union();
        assertEquals(RoutingSummary.ALL_POINTS, union.point());
        assertEquals(null, union.band());
        assertArrayEquals(new double[] {0.5, 0.5}, union.meanWeights(), 1e-6);
        assertEquals((h82 + Math.log(2) / 2) / 2, union.meanEntropy(), 1e-6);
        List<RoutingSummary.Row> all = summary.rowsOf(RoutingSummary.ALL_POINTS);
        assertArrayEquals(new double[] {(0.8 + 0.5) / 2, (0.2 + 0.5) / 2}, all.get(2).meanWeights(), 1e-6);
        assertTrue(summary.markdown().contains("**union**"));
        assertEquals(1 + 2 * 4 + 4, summary.csv().lines().count(), "a header, four rows a point, four for all points");
    }

    @Test
    void tracesOfDifferentEnsemblesAreRefused() {
        RoutingTrace one = new RoutingTrace(List.of("a"), List.of("g", "t"), 1, List.of());
        RoutingTrace other = new RoutingTrace(List.of("a"), List.of("g", "x"), 1, List.of());
        assertThrows(IllegalArgumentException.class, () -> RoutingSummary.of(List.of(one, other), THIRDS));
    }

    /** A map of one image and two experts: {@code first} is expert g's weight at each pixel, t gets the rest. */
    private static RoutingTrace.PointMap map(int size, float... first) {
        float[] w = new float[2 * size * size];
        for (int p = 0; p < size * size; p++) {
            w[p] = first[p];
            w[size * size + p] = 1 - first[p];
        }
        return new RoutingTrace.PointMap(1, 2, size, w);
    }
}
