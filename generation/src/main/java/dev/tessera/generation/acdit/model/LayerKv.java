package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;

/** One layer's attention keys and values, [B, heads, L, headDim] each (after QK-norm and RoPE). */
public record LayerKv(NDArray keys, NDArray values) {

    public long length() {
        return keys.getShape().get(2);
    }
}
