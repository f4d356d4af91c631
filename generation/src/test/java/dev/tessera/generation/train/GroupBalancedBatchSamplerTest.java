package dev.tessera.generation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupBalancedBatchSamplerTest {

    /** Examples 0–8 form one group (a base emoji with many variants), example 9 is a group alone. */
    private static final int[] GROUPS = {7, 7, 7, 7, 7, 7, 7, 7, 7, 3};

    @Test
    void everyGroupGetsTheSameShareWhateverItsSize() {
        GroupBalancedBatchSampler sampler = new GroupBalancedBatchSampler(42, GROUPS);
        int[] counts = new int[GROUPS.length];
        int draws = 0;
        for (long step = 0; step < 1000; step++) {
            for (int index : sampler.batch(step, 16)) {
                counts[index]++;
                draws++;
            }
        }
        // Uniform sampling would give the lone example 10 %; balanced gives it half the draws.
        double loneShare = counts[9] / (double) draws;
        assertEquals(0.5, loneShare, 0.02, "share of the one-member group");
        // Within the big group every member is drawn, about equally (1/18 of the draws each).
        for (int i = 0; i < 9; i++) {
            assertEquals(1.0 / 18, counts[i] / (double) draws, 0.01, "share of member " + i);
        }
        assertEquals(2, sampler.groupCount());
    }

    @Test
    void aBatchDependsOnlyOnSeedAndStep() {
        GroupBalancedBatchSampler sampler = new GroupBalancedBatchSampler(42, GROUPS);
        int[] step5 = sampler.batch(5, 8);
        sampler.batch(6, 8);
        assertArrayEquals(step5, new GroupBalancedBatchSampler(42, GROUPS).batch(5, 8), "resume draws the same");
        assertFalse(Arrays.equals(step5, sampler.batch(6, 8)));
        assertFalse(Arrays.equals(step5, new GroupBalancedBatchSampler(43, GROUPS).batch(5, 8)));
    }

    @Test
    void theConfigChoosesTheSampler() {
        TrainingConfig uniform = TrainingConfig.defaults(10);
        assertInstanceOf(EpochBatchSampler.class, BatchSampler.of(uniform, GROUPS));
        assertInstanceOf(GroupBalancedBatchSampler.class,
                BatchSampler.of(uniform.with(Map.of("sampling", "balanced")), GROUPS));
    }

    @Test
    void rejectsAnEmptyDataset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GroupBalancedBatchSampler(1, new int[0]));
        assertTrue(e.getMessage().contains("empty"));
    }
}
