package dev.tessera.compression.int4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.Int4Weights.PackedMatrix;
import dev.tessera.generation.modelfile.Int4Weights.Scheme;
import dev.tessera.generation.modelfile.Int4Weights.Settings;
import dev.tessera.generation.modelfile.SafetensorsDType;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Int4QuantizerTest {

    private static final int ROWS = 6;
    private static final int COLUMNS = 256;

    /** Gaussian weights with the awkward groups real layers have: all zero, all positive, one outlier. */
    private static float[] weights(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] w = new float[ROWS * COLUMNS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.05);
        }
        java.util.Arrays.fill(w, 0, 128, 0f); // an all-zero stretch of row 0
        for (int i = COLUMNS; i < COLUMNS + 128; i++) {
            w[i] = 0.3f + Math.abs(w[i]); // all positive: the asymmetric range must still reach zero
        }
        w[3 * COLUMNS + 17] = 4.5f; // an outlier that sets its group's step
        return w;
    }

    @ParameterizedTest
    @CsvSource({"32,SYMMETRIC,F16", "64,SYMMETRIC,F32", "128,SYMMETRIC,F16", "32,ASYMMETRIC,F32", "64,ASYMMETRIC,F16",
            "128,ASYMMETRIC,F16"})
    void everyElementDequantizesToWithinHalfAStep(int group, Scheme scheme, SafetensorsDType scaleType) {
        float[] w = weights(group);
        PackedMatrix packed = new Int4Quantizer(new Settings(group, scheme), scaleType).quantize("l", w, ROWS, COLUMNS);
        float[] back = packed.dequantize();
        float[] steps = packed.scaleValues();
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            float step = steps[(i / COLUMNS) * (COLUMNS / group) + (i % COLUMNS) / group];
            double error = Math.abs((double) back[i] - w[i]);
            // Half a step, plus the rounding of the dequantized float itself.
            assertTrue(error <= step / 2 + Math.ulp(w[i]), "element " + i + ": " + w[i] + " → " + back[i] + ", step " + step);
            worst = step == 0 ? worst : Math.max(worst, error / step);
        }
        assertTrue(worst > 0.4, "the bound is tight, not trivially met: worst " + worst + " of a step");
        for (int i = 0; i < 128; i++) {
            assertEquals(0f, back[i], "an all-zero group stays exactly zero");
        }
    }

    @Test
    void symmetricStepsAreTheGroupsLargestMagnitudeOverSeven() {
        float[] w = new float[64];
        w[5] = -1.75f;
        w[9] = 0.625f;
        PackedMatrix packed = new Int4Quantizer(new Settings(64, Scheme.SYMMETRIC), SafetensorsDType.F32)
                .quantize("l", w, 1, 64);
        assertEquals(0.25f, packed.scaleValues()[0]);
        byte[] codes = Int4Weights.unpack(packed.qweight().bytes());
        assertEquals(8 - 7, codes[5], "-1.75 is -7 steps");
        assertEquals(8 + 3, codes[9], "0.625 is 2.5 steps, rounded half up to 3");
        assertEquals(8, codes[0], "zero is code 8");
    }

    @Test
    void asymmetricGroupsCarryTheirZeroCode() {
        float[] w = new float[32];
        for (int i = 0; i < 32; i++) {
            w[i] = -0.5f + i * (2f / 31); // from -0.5 to 1.5
        }
        PackedMatrix packed = new Int4Quantizer(new Settings(32, Scheme.ASYMMETRIC), SafetensorsDType.F32)
                .quantize("l", w, 1, 32);
        assertEquals(2f / 15, packed.scaleValues()[0], 1e-7f);
        assertEquals(4, packed.zeros().orElseThrow().bytes()[0], "-0.5 / (2/15) = -3.75 → zero code 4");
        byte[] codes = Int4Weights.unpack(packed.qweight().bytes());
        assertEquals(0, codes[0]);
        assertEquals(15, codes[31]);
    }

    @Test
    void packingKeepsElementTwoKInTheLowNibbleAndRoundTripsEveryByte() {
        assertArrayEquals(new byte[] {0x21, (byte) 0xf0}, Int4Weights.pack(new byte[] {1, 2, 0, 15}));
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        assertArrayEquals(everyByte, Int4Weights.pack(Int4Weights.unpack(everyByte)));
        byte[] codes = new byte[1000];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) random.nextInt(16);
        }
        assertArrayEquals(codes, Int4Weights.unpack(Int4Weights.pack(codes)));
        assertThrows(IllegalArgumentException.class, () -> Int4Weights.pack(new byte[] {1, 16}), "16 is no nibble");
        assertThrows(IllegalArgumentException.class, () -> Int4Weights.pack(new byte[] {1, 2, 3}), "an odd count");
    }

    @Test
    void badMatricesAndSettingsAreRefused() {
        Int4Quantizer quantizer = new Int4Quantizer(new Settings(64, Scheme.SYMMETRIC), SafetensorsDType.F16);
        assertThrows(IllegalArgumentException.class, () -> quantizer.quantize("l", new float[96], 1, 96), "96 is not whole groups of 64");
        float[] nan = new float[64];
        nan[3] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> quantizer.quantize("layers.0.x", nan, 1, 64));
        assertTrue(e.getMessage().contains("layers.0.x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Settings(33, Scheme.SYMMETRIC));
        assertThrows(IllegalArgumentException.class, () -> new Int4Quantizer(new Settings(64, Scheme.SYMMETRIC), SafetensorsDType.I8));
    }
}
