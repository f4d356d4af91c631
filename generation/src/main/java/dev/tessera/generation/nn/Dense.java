package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * A fully connected layer {@code y = x Wᵀ + b} over the last axis. Weights are [out, in] as in
 * PyTorch, so the layer maps one-to-one onto safetensors files from other tools. Its weight may
 * instead be INT4, packed as the model file stores it ({@link Int4Runtime#DEQUANTIZE_PER_LAYER}).
 */
public final class Dense {

    private final NDArray weight; // null when packed
    private final PackedLinearWeight packed; // null when full precision
    private final NDArray bias;

    private Dense(NDArray weight, PackedLinearWeight packed, NDArray bias) {
        this.weight = weight;
        this.packed = packed;
        this.bias = bias;
    }

    /**
     * He/LeCun-style init: N(0, 1/in) weights, zero bias. When the store holds this layer's weight
     * as INT4 ({@link ParameterStore#create(ai.djl.ndarray.NDManager, java.util.Map)}), the layer
     * keeps it packed and dequantizes it on every call.
     */
    public static Dense create(ParameterStore store, ParameterInit init, String name, int in, int out, boolean withBias) {
        java.util.Optional<PackedLinearWeight> p = store.addPacked(name, out, in);
        NDArray w = p.isPresent() ? null
                : store.add(name + ".weight", m -> init.normal(m, name + ".weight", new Shape(out, in), 1.0 / Math.sqrt(in)));
        NDArray b = withBias ? store.add(name + ".bias", m -> m.zeros(new Shape(out))) : null;
        return new Dense(w, p.orElse(null), b);
    }

    /** All-zero weights and bias: the adaLN-Zero and output-head starting point. */
    public static Dense zeros(ParameterStore store, String name, int in, int out) {
        java.util.Optional<PackedLinearWeight> p = store.addPacked(name, out, in);
        NDArray w = p.isPresent() ? null : store.add(name + ".weight", m -> m.zeros(new Shape(out, in)));
        NDArray b = store.add(name + ".bias", m -> m.zeros(new Shape(out)));
        return new Dense(w, p.orElse(null), b);
    }

    /** Applies the layer; the result lives on {@code x}'s manager. */
    public NDArray forward(NDArray x) {
        if (packed == null) {
            return linear(x, weight);
        }
        // The dequantized matrix and its temporaries live on the store's manager: free them at once.
        try (NDScope scope = new NDScope()) {
            NDArray y = linear(x, packed.dequantize());
            NDScope.unregister(y);
            return y;
        }
    }

    private NDArray linear(NDArray x, NDArray w) {
        return bias == null
                ? ai.djl.nn.core.Linear.linear(x, w).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, w, bias).singletonOrThrow();
    }

    public long inFeatures() {
        return packed != null ? packed.in() : weight.getShape().get(1);
    }

    public long outFeatures() {
        return packed != null ? packed.out() : weight.getShape().get(0);
    }
}
