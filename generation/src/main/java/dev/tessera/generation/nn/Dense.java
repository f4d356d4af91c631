package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A fully connected layer {@code y = x Wᵀ + b} over the last axis. Weights are [out, in] as in
 * PyTorch, so the layer maps one-to-one onto safetensors files from other tools.
 */
public final class Dense {

    private final NDArray weight;
    private final NDArray bias;

    private Dense(NDArray weight, NDArray bias) {
        this.weight = weight;
        this.bias = bias;
    }

    /** He/LeCun-style init: N(0, 1/in) weights, zero bias. */
    public static Dense create(ParameterStore store, ParameterInit init, String name, int in, int out, boolean withBias) {
        NDArray w = store.add(name + ".weight", m -> init.normal(m, name + ".weight", new Shape(out, in), 1.0 / Math.sqrt(in)));
        NDArray b = withBias ? store.add(name + ".bias", m -> m.zeros(new Shape(out))) : null;
        return new Dense(w, b);
    }

    /** All-zero weights and bias: the adaLN-Zero and output-head starting point. */
    public static Dense zeros(ParameterStore store, String name, int in, int out) {
        NDArray w = store.add(name + ".weight", m -> m.zeros(new Shape(out, in)));
        NDArray b = store.add(name + ".bias", m -> m.zeros(new Shape(out)));
        return new Dense(w, b);
    }

    /** Applies the layer; the result lives on {@code x}'s manager. */
    public NDArray forward(NDArray x) {
        return bias == null
                ? ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }

    public long inFeatures() {
        return weight.getShape().get(1);
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }
}
