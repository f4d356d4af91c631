package dev.tessera.generation.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.engine.OfflineEngine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {

    @Test
    void everyHalfConvertsAsPyTorchConvertsIt() {
        ByteBuffer halves = ByteBuffer.allocateDirect(2 * 65536).order(ByteOrder.nativeOrder());
        for (int bits = 0; bits < 65536; bits++) {
            halves.putShort((short) bits);
        }
        halves.flip();
        try (NDManager m = OfflineEngine.newManager()) {
            NDArray half = m.create(halves, new Shape(65536), DataType.FLOAT16);
            float[] torch = half.toType(DataType.FLOAT32, false).toFloatArray();
            for (int bits = 0; bits < 65536; bits++) {
                float mine = Float16.toFloat((short) bits);
                // NaN payloads may differ; every other value must be the same bits.
                assertTrue(Float.isNaN(torch[bits]) ? Float.isNaN(mine)
                        : Float.floatToRawIntBits(torch[bits]) == Float.floatToRawIntBits(mine),
                        Integer.toHexString(bits) + ": " + mine + " vs " + torch[bits]);
            }
        }
    }

    @Test
    void nearestRoundsAsPyTorchRounds() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 200_000;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            double magnitude = Math.scalb(random.nextDouble(), random.nextInt(-30, 16)); // subnormal to 32768
            values[i] = (float) (random.nextBoolean() ? magnitude : -magnitude);
        }
        // Exact ties between two halves, both ways round, and the edges of the range.
        values[0] = 1 + 0x1p-11f; // between 1 and 1 + 2^-10: ties to even, 1
        values[1] = 1 + 3 * 0x1p-11f; // between 1 + 2^-10 and 1 + 2^-9: ties to even, 1 + 2^-9
        values[2] = -0f;
        values[3] = Float16.MAX;
        values[4] = -Float16.MAX;
        values[5] = 0x1p-25f; // half the smallest subnormal: ties to even, 0
        try (NDManager m = OfflineEngine.newManager()) {
            NDArray halves = m.create(values).toType(DataType.FLOAT16, false);
            ByteBuffer torch = halves.toByteBuffer().order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                short expected = torch.getShort(2 * i);
                assertEquals(expected, Float16.nearest(values[i]), values[i] + ": " + Float16.toFloat(expected)
                        + " vs " + Float16.toFloat(Float16.nearest(values[i])));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Float16.nearest(70000f));
        assertThrows(IllegalArgumentException.class, () -> Float16.nearest(Float.NaN));
    }

    @Test
    void ceilGivesTheSmallestHalfNotBelowTheValue() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            float value = (float) Math.scalb(random.nextDouble(), random.nextInt(-30, 16)); // subnormal to 32768
            short ceil = Float16.ceil(value);
            assertTrue(Float16.toFloat(ceil) >= value, value + " → " + Float16.toFloat(ceil));
            if (ceil != 0) {
                assertTrue(Float16.toFloat((short) (ceil - 1)) < value, value + ": a smaller half fits too");
            }
        }
        assertEquals(0.5f, Float16.toFloat(Float16.ceil(0.5f)), "exact halves stay");
        assertEquals(0, Float16.ceil(0f));
        assertEquals(Float16.MAX, Float16.toFloat(Float16.ceil(Float16.MAX)));
        assertThrows(IllegalArgumentException.class, () -> Float16.ceil(65520f));
        assertThrows(IllegalArgumentException.class, () -> Float16.ceil(-1f));
        assertThrows(IllegalArgumentException.class, () -> Float16.ceil(Float.NaN));
    }
}
