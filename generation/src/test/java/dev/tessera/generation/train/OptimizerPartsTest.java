package dev.tessera.generation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.nn.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clipping, EMA and AdamW against values computed by hand. */
class OptimizerPartsTest {

    @Test
    void hugeGradientIsScaledToNormOneKeepingItsDirection() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray a = manager.create(new float[] {3000f, 0f});
            NDArray b = manager.create(new float[] {4000f});

            double before = GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0);

            assertEquals(5000.0, before, 1e-3);
            assertEquals(1.0, GradientClipping.globalNorm(List.of(a, b)), 1e-6);
            assertArrayEquals(new float[] {0.6f, 0f}, a.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.8f}, b.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void gradientWithinTheBoundIsLeftUntouched() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray a = manager.create(new float[] {0.3f, -0.4f});
            GradientClipping.clipByGlobalNorm(List.of(a), 1.0);
            assertArrayEquals(new float[] {0.3f, -0.4f}, a.toFloatArray());
        }
    }

    @Test
    void emaDecayWarmsUpSoTheInitialWeightsFadeQuickly() {
        try (NDManager manager = OfflineEngine.newManager();
                ParameterStore weights = ParameterStore.create(manager)) {
            NDArray w = weights.add("w", m -> m.create(new float[] {0f}));
            try (ExponentialMovingAverage ema = new ExponentialMovingAverage(weights, manager, 0.999)) {
                assertEquals(0.1f, ema.effectiveDecay(0), 1e-7f);   // (1 + 0) / (10 + 0)
                assertEquals(0.5f, ema.effectiveDecay(8), 1e-7f);   // (1 + 8) / (10 + 8)
                assertEquals(0.999f, ema.effectiveDecay(100_000), 1e-7f);
                w.set(new float[] {1f});
                ema.update(weights, 0);
                assertArrayEquals(new float[] {0.9f}, ema.average().get("w").toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void emaFollowsTheHandComputedAverage() {
        try (NDManager manager = OfflineEngine.newManager();
                ParameterStore weights = ParameterStore.create(manager)) {
            NDArray w = weights.add("w", m -> m.create(new float[] {1f, 2f}));
            try (ExponentialMovingAverage ema = new ExponentialMovingAverage(weights, manager, 0.9)) {
                // past the warm-up the decay is the configured 0.9
                w.set(new float[] {3f, 4f});
                ema.update(weights, 1000);
                assertArrayEquals(new float[] {1.2f, 2.2f}, ema.average().get("w").toFloatArray(), 1e-6f);
                w.set(new float[] {5f, 6f});
                ema.update(weights, 1001);
                assertArrayEquals(new float[] {1.58f, 2.58f}, ema.average().get("w").toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void adamWFirstStepMovesByTheLearningRateAndDecaysOnlyMatrices() {
        try (NDManager manager = OfflineEngine.newManager();
                ParameterStore parameters = ParameterStore.create(manager)) {
            NDArray matrix = parameters.add("matrix", m -> m.create(new float[] {1f, 2f}, new Shape(1, 2)));
            NDArray bias = parameters.add("bias", m -> m.create(new float[] {1f}));
            try (AdamW adam = new AdamW(parameters, manager, 0.9, 0.95, 1e-8, 0.5)) {
                Map<String, NDArray> gradients = Map.of(
                        "matrix", manager.create(new float[] {0.5f, -4f}, new Shape(1, 2)),
                        "bias", manager.create(new float[] {2f}));

                adam.update(parameters, gradients, 0.1, 1);

                // Step 1: m̂ = g, v̂ = g², so the move is lr * sign(g); the matrix first shrinks by 1 - lr * wd.
                assertArrayEquals(new float[] {0.95f - 0.1f, 1.9f + 0.1f}, matrix.toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {0.9f}, bias.toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {0.05f, -0.4f}, adam.firstMoments().get("matrix").toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {0.0125f, 0.8f}, adam.secondMoments().get("matrix").toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void adamWScalesTheLearningRatePerParameterAndLeavesOnesWithoutAGradientAlone() {
        try (NDManager manager = OfflineEngine.newManager();
                ParameterStore parameters = ParameterStore.create(manager)) {
            NDArray slow = parameters.add("slow", m -> m.create(new float[] {1f}));
            NDArray fast = parameters.add("fast", m -> m.create(new float[] {1f}));
            NDArray frozen = parameters.add("frozen", m -> m.create(new float[] {1f}));
            try (AdamW adam = new AdamW(parameters, manager, 0.9, 0.95, 1e-8, 0)) {
                Map<String, NDArray> gradients = Map.of(
                        "slow", manager.create(new float[] {3f}), "fast", manager.create(new float[] {3f}));

                adam.update(parameters, gradients, name -> name.equals("slow") ? 0.01 : 0.1, 1);

                // Step 1 moves each by its own learning rate against the gradient's sign.
                assertArrayEquals(new float[] {0.99f}, slow.toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {0.9f}, fast.toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {1f}, frozen.toFloatArray());
                assertArrayEquals(new float[] {0f}, adam.firstMoments().get("frozen").toFloatArray());
            }
        }
    }
}
