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
