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
 * convolution wrong by errors of order 10 when more than 16 input channels are not a multiple of 16 (24, 40, …),
 * and its backward pass gives NaN or infinity in the input's gradient now and then with few output channels.
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

    /**
     * With loss = Σ y (zero bias), the input's gradient at a pixel is the sum of the kernel weights that see it, over
     * the output channels. 32 → 3 channels is the U-Net's conv_out; unpadded, libtorch gave a non-finite gradient in
     * about 1 of 100 such calls (4 in 30 on one run), so 60 calls would rarely all pass.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 4, 16})
    void theInputGradientOfAConvolutionWithFewOutputChannelsIsTheSumOfItsWeights(int out) {
        int in = 32;
        int size = 8;
        try (NDManager manager = OfflineEngine.newManager(); ParameterStore store = ParameterStore.create(manager)) {
            Conv2d conv = Conv2d.create(store, new ParameterInit(5), "c", in, out, 3, 1);
            float[] w = store.get("c.weight").toFloatArray();
            float[] expected = new float[in * size * size];
            for (int c = 0; c < in; c++) {
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        double sum = 0;
                        for (int o = 0; o < out; o++) {
                            for (int di = -1; di <= 1; di++) {
                                for (int dj = -1; dj <= 1; dj++) {
                                    // output (i - di, j - dj) reads this pixel through kernel tap (di, dj)
                                    if (i - di >= 0 && j - dj >= 0 && i - di < size && j - dj < size) {
                                        sum += w[((o * in + c) * 3 + di + 1) * 3 + dj + 1];
                                    }
                                }
                            }
                        }
                        expected[(c * size + i) * size + j] = (float) sum;
                    }
                }
            }
            for (int call = 0; call < 60; call++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = new ParameterInit(call).normal(step, "x", new Shape(4, in, size, size), 1);
                    x.setRequiresGradient(true);
                    try (ai.djl.training.GradientCollector collector = OfflineEngine.engine().newGradientCollector()) {
                        collector.backward(conv.forward(x).sum());
                    }
                    float[] gradient = x.getGradient().toFloatArray();
                    for (int k = 0; k < gradient.length; k++) {
                        float want = expected[k % expected.length];
                        assertTrue(Math.abs(gradient[k] - want) < 1e-4, out + " output channels, call " + call + ", element "
                                + k + ": gradient " + gradient[k] + ", the weights sum to " + want);
                    }
                }
            }
        }
    }
}
