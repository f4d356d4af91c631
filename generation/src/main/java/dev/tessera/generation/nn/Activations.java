package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;

/** Activations the models share; written once so every model uses the same definitions. */
public final class Activations {

    private Activations() {}

    /** SiLU / swish-1: x · σ(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(ai.djl.nn.Activation.sigmoid(x));
    }

    /** GELU (PyTorch's exact erf form). */
    public static NDArray gelu(NDArray x) {
        return ai.djl.nn.Activation.gelu(x);
    }
}
