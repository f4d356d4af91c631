package dev.tessera.generation.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.tessera.generation.engine.OfflineEngine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The gradient through a product with a number must survive a garbage collection between the forward and the
 * backward pass, with the freed memory written over (what DJL's own {@code mul(Number)} does not survive: its
 * number's buffer is freed while autograd still reads it).
 */
class ScalarsTest {

    @Test
    void gradientOfATimesSurvivesAGarbageCollectionBeforeTheBackwardPass() {
        assertGradientAfterCollection(Scalars::times, 3f, new float[] {3, 3, 3, 3});
    }

    @Test
    void gradientOfADividedBySurvivesAGarbageCollectionBeforeTheBackwardPass() {
        assertGradientAfterCollection(Scalars::dividedBy, 4f, new float[] {0.25f, 0.25f, 0.25f, 0.25f});
    }

    private static void assertGradientAfterCollection(BiFunction<NDArray, Float, NDArray> op, float number,
            float[] expected) {
        try (NDManager manager = OfflineEngine.newManager()) {
            for (int round = 0; round < 20; round++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.create(new float[] {1, 2, 3, 4});
                    x.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray y = op.apply(x, number).sum();
                        collectAndOverwriteFreedMemory();
                        collector.backward(y);
                    }
                    assertArrayEquals(expected, x.getGradient().toFloatArray(), 0f, "round " + round);
                }
            }
        }
    }

    /** Frees unreachable direct buffers, then allocates small ones full of NaN bytes where they were. */
    private static void collectAndOverwriteFreedMemory() {
        System.gc();
        try {
            Thread.sleep(20); // the cleaner thread frees the buffers' native memory
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> filler = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4);
            b.put(0, (byte) 0xff).put(1, (byte) 0xff).put(2, (byte) 0xff).put(3, (byte) 0xff);
            filler.add(b);
        }
    }
}
