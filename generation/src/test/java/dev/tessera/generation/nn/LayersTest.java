package dev.tessera.generation.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LayersTest {

    private NDManager manager;
    private ParameterStore store;

    @BeforeEach
    void open() {
        manager = OfflineEngine.newManager();
        store = ParameterStore.create(manager);
    }

    @AfterEach
    void close() {
        store.close();
        manager.close();
    }

    @Test
    void initialisationDependsOnSeedAndNameNotOnOrder() {
        ParameterInit init = new ParameterInit(7);
        float[] a = init.normal(manager, "w", new Shape(50), 1).toFloatArray();
        init.normal(manager, "other", new Shape(10), 1);
        float[] again = init.normal(manager, "w", new Shape(50), 1).toFloatArray();
        float[] otherSeed = new ParameterInit(8).normal(manager, "w", new Shape(50), 1).toFloatArray();
        assertArrayEquals(a, again);
        assertFalse(Arrays.equals(a, otherSeed));
    }

    @Test
    void denseComputesXWtPlusB() {
        Dense dense = Dense.create(store, new ParameterInit(1), "fc", 3, 2, true);
        store.get("fc.weight").set(new float[] {1, 2, 3, 4, 5, 6});
        store.get("fc.bias").set(new float[] {10, 20});
        NDArray y = dense.forward(manager.create(new float[] {1, 0, -1}, new Shape(1, 3)));
        assertArrayEquals(new float[] {1 - 3 + 10, 4 - 6 + 20}, y.toFloatArray());
    }

    @Test
    void convolutionKeepsSizeAtStrideOneAndHalvesAtStrideTwo() {
        Conv2d same = Conv2d.create(store, new ParameterInit(1), "c1", 3, 8, 3, 1);
        Conv2d down = Conv2d.create(store, new ParameterInit(1), "c2", 3, 8, 3, 2);
        NDArray x = manager.ones(new Shape(2, 3, 16, 16));
        assertEquals(new Shape(2, 8, 16, 16), same.forward(x).getShape());
        assertEquals(new Shape(2, 8, 8, 8), down.forward(x).getShape());
        assertThrows(IllegalArgumentException.class, () -> Conv2d.create(store, new ParameterInit(1), "c3", 3, 8, 2, 1));
    }

    @Test
    void groupNormNormalisesEachGroupOfEachImage() {
        GroupNorm norm = GroupNorm.create(store, "gn", 4, 2);
        float[] values = new float[2 * 4 * 3 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 1.7) * (1 + i % 5);
        }
        float[] out = norm.forward(manager.create(values, new Shape(2, 4, 3, 3))).toFloatArray();
        int groupSize = 2 * 9;
        for (int g = 0; g < 4; g++) { // 2 images × 2 groups, contiguous in NCHW
            double mean = 0, var = 0;
            for (int i = 0; i < groupSize; i++) mean += out[g * groupSize + i];
            mean /= groupSize;
            for (int i = 0; i < groupSize; i++) var += Math.pow(out[g * groupSize + i] - mean, 2);
            var /= groupSize;
            assertEquals(0, mean, 1e-5);
            assertEquals(1, var, 1e-3);
        }
    }

    @Test
    void rmsNormGivesUnitRootMeanSquare() {
        NDArray x = manager.create(new float[] {3, 4, 0, 0, 1, 1, 1, 1}, new Shape(2, 4));
        float[] y = RmsNorm.plain().forward(x).toFloatArray();
        // row 1: rms = sqrt(25/4) = 2.5
        assertArrayEquals(new float[] {1.2f, 1.6f, 0, 0, 1, 1, 1, 1}, y, 1e-5f);
    }

    @Test
    void zeroDenseOutputsZeros() {
        Dense zero = Dense.zeros(store, "ada", 4, 6);
        assertArrayEquals(new float[12], zero.forward(manager.ones(new Shape(2, 4))).toFloatArray());
    }
}
