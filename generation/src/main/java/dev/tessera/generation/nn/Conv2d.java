package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;

/**
 * A 2-D convolution over NCHW input with square kernels, "same" padding for odd kernels. Its weight
 * [out, in, k, k] may instead be INT4, packed as the model file stores it: the matrix [out, in·k·k]
 * of its rows ({@link Int4Runtime#DEQUANTIZE_PER_LAYER}), rebuilt on every call.
 */
public final class Conv2d {

    private final NDArray weight; // null when packed
    private final PackedLinearWeight packed; // null when full precision
    private final Shape weightShape;
    private final NDArray bias;
    private final Shape stride;
    private final Shape padding;

    private Conv2d(NDArray weight, PackedLinearWeight packed, Shape weightShape, NDArray bias, int stride, int padding) {
        this.weight = weight;
        this.packed = packed;
        this.weightShape = weightShape;
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
        Shape shape = new Shape(out, in, kernel, kernel);
        Optional<PackedLinearWeight> p = store.addPacked(name, out, (long) in * kernel * kernel);
        NDArray w = p.isPresent() ? null : store.add(name + ".weight", m -> init.normal(m, name + ".weight", shape, std));
        NDArray b = store.add(name + ".bias", m -> m.zeros(new Shape(out)));
        return new Conv2d(w, p.orElse(null), shape, b, stride, kernel / 2);
    }

    /** All-zero weights and bias: a residual branch's last layer or an output head that starts as nothing. */
    public static Conv2d zeros(ParameterStore store, String name, int in, int out, int kernel, int stride) {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel " + kernel + " must be odd for same padding");
        }
        Shape shape = new Shape(out, in, kernel, kernel);
        Optional<PackedLinearWeight> p = store.addPacked(name, out, (long) in * kernel * kernel);
        NDArray w = p.isPresent() ? null : store.add(name + ".weight", m -> m.zeros(shape));
        NDArray b = store.add(name + ".bias", m -> m.zeros(new Shape(out)));
        return new Conv2d(w, p.orElse(null), shape, b, stride, kernel / 2);
    }

    public NDArray forward(NDArray x) {
        if (packed == null) {
            return convolve(x, weight);
        }
        // The dequantized weight and its temporaries live on the store's manager: free them at once.
        try (NDScope scope = new NDScope()) {
            NDArray y = convolve(x, packed.dequantize().reshape(weightShape));
            NDScope.unregister(y);
            return y;
        }
    }

    private NDArray convolve(NDArray x, NDArray w) {
        long in = w.getShape().get(1);
        if (w.getShape().get(2) > 1 && in > SAFE_CHANNELS && in % SAFE_CHANNELS != 0) {
            // libtorch 2.7.1's CPU kernel gets a k×k convolution wrong when more than 16 input channels are not a
            // multiple of 16 (errors of order 10 at 20, 24, 40, 56, 72… channels; right at ≤ 16 and multiples of 16:
            // Conv2dTest). Zero channels change nothing in the sum, so both sides are padded to a multiple of 16.
            long pad = SAFE_CHANNELS - in % SAFE_CHANNELS;
            NDArray zerosX = x.getManager().zeros(new Shape(x.getShape().get(0), pad, x.getShape().get(2), x.getShape().get(3)));
            NDArray zerosW = x.getManager().zeros(new Shape(w.getShape().get(0), pad, w.getShape().get(2), w.getShape().get(3)));
            x = x.concat(zerosX, 1);
            NDArray padded = w.concat(zerosW, 1);
            padded.attach(x.getManager()); // else it would pile up on the weight's long-lived manager
            w = padded;
        }
        long out = w.getShape().get(0);
        if (w.getShape().get(2) > 1 && out % SAFE_CHANNELS != 0 && (x.hasGradient() || w.hasGradient())) {
            // Its backward pass is wrong too for a k×k kernel whose output channels are not a multiple of 16: with
            // conv_out's 32 → 3 the input's gradient is off (-0.147 for -0.157) and holds NaN or infinity about 1 call
            // in 100; padded, it is right (Conv2dTest; 1×1 kernels were right). Zero output channels, sliced off, add
            // nothing. Only where gradients are recorded (distillation, CPU training): sampling keeps the plain call.
            long pad = SAFE_CHANNELS - out % SAFE_CHANNELS;
            Shape extra = new Shape(pad, w.getShape().get(1), w.getShape().get(2), w.getShape().get(3));
            NDArray paddedW = w.concat(x.getManager().zeros(extra), 0);
            NDArray paddedB = bias.concat(x.getManager().zeros(new Shape(pad)), 0);
            paddedW.attach(x.getManager());
            paddedB.attach(x.getManager());
            NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, paddedW, paddedB, stride, padding, new Shape(1, 1))
                    .singletonOrThrow();
            return y.get(new NDIndex(":, 0:{}", out));
        }
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, bias, stride, padding, new Shape(1, 1)).singletonOrThrow();
    }

    private static final long SAFE_CHANNELS = 16;
}
