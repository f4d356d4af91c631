package dev.tessera.generation.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.tessera.generation.engine.OfflineEngine;
import org.junit.jupiter.api.Test;

/**
 * Loading weights into a model's parameters must work whatever the thread's grad mode: a training
 * run's gradient collector turns it on, and a later load on that thread (a continuation, a
 * compression's student) writes into parameters that take gradients.
 */
class OverwriteUnderGradientsTest {

    @Test
    void aParameterThatTakesGradientsIsOverwrittenWhileGradModeIsOnAndStillTakesThem() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray parameter = manager.create(new float[] {1, 2, 3});
            parameter.setRequiresGradient(true);
            NDArray weights = manager.create(new float[] {4, 5, 6});
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArrayTensors.overwrite(parameter, weights);
            }
            assertArrayEquals(new float[] {4, 5, 6}, parameter.toFloatArray());
            assertTrue(parameter.hasGradient(), "the parameter no longer takes gradients");
        }
    }
}
