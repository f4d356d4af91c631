package dev.tessera.generation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassificationAccuracyTest {

    private static final float[][] LOGITS = {
        {0.1f, 2.0f, 0.5f, -1f},   // target 1: clear top-1
        {3.0f, 1.0f, 2.0f, 0.0f},  // target 2: rank 2
        {1.0f, 1.0f, 0.0f, 0.0f},  // target 0: tied with class 1 for first
        {0.0f, 0.0f, 0.0f, 0.0f},  // target 3: all tied
        {5.0f, 4.0f, 3.0f, 2.0f},  // target 3: last
    };
    private static final int[] TARGETS = {1, 2, 0, 3, 3};

    @Test
    void topKCountsTargetsRankedAboveKWithTiesAgainstTheTarget() {
        // k=1: only row 0 (the tie in row 2 counts against the target).
        assertEquals(1, TopKAccuracy.of(LOGITS, TARGETS, 1).successes());
        // k=2: rows 0, 1, 2 (one class ties row 2's target, fewer than 2).
        assertEquals(3, TopKAccuracy.of(LOGITS, TARGETS, 2).successes());
        // k=3: still not row 3 (three others tie) nor row 4.
        assertEquals(3, TopKAccuracy.of(LOGITS, TARGETS, 3).successes());
        // k = class count: every target is in the top k.
        Proportion all = TopKAccuracy.of(LOGITS, TARGETS, 4);
        assertEquals(5, all.successes());
        assertEquals(5, all.count());
        assertEquals(1.0, all.value());
    }

    @Test
    void flatLogitsGiveTheSameAnswerAsRows() {
        float[] flat = new float[LOGITS.length * 4];
        for (int r = 0; r < LOGITS.length; r++) {
            System.arraycopy(LOGITS[r], 0, flat, r * 4, 4);
        }
        for (int k = 1; k <= 4; k++) {
            assertEquals(TopKAccuracy.of(LOGITS, TARGETS, k), TopKAccuracy.of(flat, 4, TARGETS, k));
        }
    }

    @Test
    void invalidRequestsAreRejectedNamingTheProblem() {
        assertMessage("k must be in 1..4", () -> TopKAccuracy.of(LOGITS, TARGETS, 5));
        assertMessage("k must be in 1..4", () -> TopKAccuracy.of(LOGITS, TARGETS, 0));
        assertMessage("target of sample 1 is 4", () -> TopKAccuracy.of(LOGITS, new int[] {1, 4, 0, 3, 3}, 1));
        assertMessage("logit row 1 has 3 classes",
                () -> TopKAccuracy.of(new float[][] {{1, 2, 3, 4}, {1, 2, 3}}, new int[] {0, 0}, 1));
        assertMessage("sample 0, class 2 is NaN",
                () -> TopKAccuracy.of(new float[][] {{1, 2, Float.NaN}}, new int[] {0}, 1));
        assertMessage("for 4 targets", () -> TopKAccuracy.of(new float[12], 4, new int[] {0, 0, 0, 0}, 1));
        assertMessage("4 predictions vs 3 requests",
                () -> StyleAccuracy.fromPredictions(new int[] {0, 1, 0, 1}, new int[] {0, 1, 0}));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }

    @Test
    void wilsonIntervalMatchesPublishedAndClosedFormValues() {
        Proportion eightOfTen = Proportion.of(8, 10);
        assertEquals(0.8, eightOfTen.value());
        // Newcombe (1998), table I: 81/263 -> 0.2553 to 0.3662 (Wilson, no continuity correction).
        Proportion newcombe = Proportion.of(81, 263);
        assertEquals(0.2553, newcombe.low(), 5e-5);
        assertEquals(0.3662, newcombe.high(), 5e-5);
        // With no successes the upper bound is z^2 / (n + z^2).
        Proportion none = Proportion.of(0, 10);
        double z2 = 1.959963984540054 * 1.959963984540054;
        assertEquals(0, none.low(), 1e-15);
        assertEquals(z2 / (10 + z2), none.high(), 1e-12);
        // And symmetric: n of n mirrors 0 of n.
        Proportion allTen = Proportion.of(10, 10);
        assertEquals(1 - none.high(), allTen.low(), 1e-12);
        assertTrue(eightOfTen.low() < 0.8 && 0.8 < eightOfTen.high());
    }

    @Test
    void promptAccuracyScoresIdentityTop1Top5AndSubcategory() {
        // 6 identity classes, so top-5 misses only a target ranked last.
        float[][] identity = {
            {9, 1, 2, 3, 4, 5},  // target 0: top-1
            {9, 1, 2, 3, 4, 5},  // target 5: rank 2
            {9, 1, 2, 3, 4, 5},  // target 1: last, misses even top-5
        };
        float[][] subcategory = {{1, 0}, {0, 1}, {1, 0}};
        PromptAccuracy accuracy = PromptAccuracy.evaluate(identity, new int[] {0, 5, 1}, subcategory,
                new int[] {0, 0, 0});
        assertEquals(1, accuracy.identityTop1().successes());
        assertEquals(2, accuracy.identityTop5().successes());
        assertEquals(2, accuracy.subcategoryTop1().successes());
        assertEquals(3, accuracy.identityTop1().count());
        assertMessage("same images (3 vs 2)", () -> PromptAccuracy.evaluate(identity, new int[] {0, 5, 1},
                new float[][] {{1, 0}, {0, 1}}, new int[] {0, 0}));
        assertMessage("k must be in 1..4", () -> PromptAccuracy.evaluate(new float[][] {{1, 2, 3, 4}},
                new int[] {0}, new float[][] {{1, 0}}, new int[] {0}));
    }

    @Test
    void styleAccuracyIsTheShareOfImagesInTheRequestedStyle() {
        float[][] styleLogits = {{2, 1}, {0.5f, 0.7f}, {1, 1}, {3, -3}};
        int[] requested = {0, 1, 0, 1};
        Proportion fromLogits = StyleAccuracy.fromLogits(styleLogits, requested);
        assertEquals(2, fromLogits.successes()); // rows 0 and 1; the tie in row 2 is a miss
        assertEquals(4, fromLogits.count());
        Proportion fromPredictions = StyleAccuracy.fromPredictions(new int[] {0, 1, 1, 0}, requested);
        assertEquals(fromLogits, fromPredictions);
    }
}
