package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A 2-D convolution over NCHW input with square kernels, "same" padding for odd kernels. */
public final class Conv2d {

    private final NDArray weight;
    private final NDArray bias;
    private final Shape stride;
    private final Shape padding;

    private Conv2d(NDArray weight, NDArray bias, int stride, int padding) {
        this.weight = weight;
        this.bias = bias;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
    }

    /** He init N(0, 2/fan_in) for ReLU-family activations; zero bias. */
    public static Conv2d create(ParameterStore store, ParameterInit init, String name,
            int in, int out, int kernel, int stride) {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel " + kernel + " must be odd for same padding");
        }
        double std = Math.sqrt(2.0 / (in * kernel * kernel));
        NDArray w = store.add(name + ".weight", m -> init.normal(m, name + ".weight", new Shape(out, in, kernel, kernel), std));
        NDArray b = store.add(name + ".bias", m -> m.zeros(new Shape(out)));
        return new Conv2d(w, b, stride, kernel / 2);
    }

    /** All-zero weights and bias: a residual branch's last layer or an output head that starts as nothing. */
    public static Conv2d zeros(ParameterStore store, String name, int in, int out, int kernel, int stride) {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel " + kernel + " must be odd for same padding");
        }
        NDArray w = store.add(name + ".weight", m -> m.zeros(new Shape(out, in, kernel, kernel)));
        NDArray b = store.add(name + ".bias", m -> m.zeros(new Shape(out)));
        return new Conv2d(w, b, stride, kernel / 2);
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, bias, stride, padding, new Shape(1, 1))
                .singletonOrThrow();
    }
}
