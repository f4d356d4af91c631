package dev.tessera.generation.acdit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SkipCausalMaskTest {

    /** The definition, written independently from the production code: segment by segment. */
    private static boolean expected(int q, int k, int blocks, int tpb) {
        int qBlock = q / tpb, kBlock = k / tpb;               // block index over the whole sequence
        boolean qClean = qBlock < blocks, kClean = kBlock < blocks;
        int qi = qClean ? qBlock : qBlock - blocks;
        int ki = kClean ? kBlock : kBlock - blocks;
        if (qClean && kClean) return ki <= qi;
        if (qClean) return false;                               // clean never sees noisy
        if (kClean) return ki < qi;                             // noisy i sees clean < i
        return ki == qi;                                        // noisy i sees only itself
    }

    @ParameterizedTest(name = "{0} blocks × {1} tokens")
    @CsvSource({"1,1", "1,16", "4,1", "4,16", "3,5", "16,4", "64,1"})
    void equalsItsDefinition(int blocks, int tokensPerBlock) {
        boolean[][] mask = SkipCausalMask.dense(blocks, tokensPerBlock);
        int n = 2 * blocks * tokensPerBlock;
        assertEquals(n, mask.length);
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < n; k++) {
                assertEquals(expected(q, k, blocks, tokensPerBlock), mask[q][k], "q=" + q + " k=" + k);
            }
        }
    }

    @Test
    void oneBlockIsAPlainFullSequenceDiT() {
        int tpb = 9;
        boolean[][] mask = SkipCausalMask.dense(1, tpb);
        for (int q = tpb; q < 2 * tpb; q++) {
            for (int k = 0; k < 2 * tpb; k++) {
                // noisy tokens see every noisy token and no clean token
                assertEquals(k >= tpb, mask[q][k]);
            }
        }
    }

    @Test
    void oneTokenPerBlockIsTokenwiseAutoregression() {
        int blocks = 6;
        boolean[][] mask = SkipCausalMask.dense(blocks, 1);
        // noisy token 3 sees clean tokens 0..2 and itself only
        int q = blocks + 3;
        for (int k = 0; k < 2 * blocks; k++) {
            assertEquals(k < 3 || k == q, mask[q][k], "k=" + k);
        }
    }

    @Test
    void everyRowSeesAtLeastOneKeySoSoftmaxIsDefined() {
        float[] bias = SkipCausalMask.additiveBias(4, 4);
        int n = 32;
        for (int q = 0; q < n; q++) {
            boolean any = false;
            for (int k = 0; k < n; k++) any |= bias[q * n + k] == 0f;
            assertTrue(any, "row " + q);
        }
        assertFalse(SkipCausalMask.allowed(0, 16, 4, 4));
    }
}
