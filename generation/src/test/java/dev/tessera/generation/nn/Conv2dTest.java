package dev.tessera.generation.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.engine.OfflineEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The convolution computes the sum it stands for, at every input width: libtorch's CPU kernel alone gets a 3×3
 * convolution wrong by errors of order 10 when more than 16 input channels are not a multiple of 16 (24, 40, …).
 */
class Conv2dTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 16, 20, 24, 40, 48})
    void aThreeByThreeConvolutionEqualsTheSumItStandsFor(int in) {
        try (NDManager manager = OfflineEngine.newManager(); ParameterStore store = ParameterStore.create(manager)) {
            int out = 8;
            int size = 12;
            int batch = 3;
            Conv2d conv = Conv2d.create(store, new ParameterInit(5), "c", in, out, 3, 1);
            NDArray x = new ParameterInit(6).normal(manager, "x", new Shape(batch, in, size, size), 1);
            float[] y = conv.forward(x).toFloatArray();
            float[] xs = x.toFloatArray();
            float[] w = store.get("c.weight").toFloatArray();
            double worst = 0;
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < size; i++) {
                        for (int j = 0; j < size; j++) {
                            double sum = 0; // the bias is zero
                            for (int c = 0; c < in; c++) {
                                for (int di = -1; di <= 1; di++) {
                                    for (int dj = -1; dj <= 1; dj++) {
                                        int ii = i + di;
                                        int jj = j + dj;
                                        if (ii >= 0 && jj >= 0 && ii < size && jj < size) {
                                            sum += xs[((b * in + c) * size + ii) * size + jj]
                                                    * w[((o * in + c) * 3 + di + 1) * 3 + dj + 1];
                                        }
                                    }
                                }
                            }
                            worst = Math.max(worst, Math.abs(sum - y[((b * out + o) * size + i) * size + j]));
                        }
                    }
                }
            }
            assertTrue(worst < 1e-4, in + " input channels: largest difference from the sum " + worst);
        }
    }
}
