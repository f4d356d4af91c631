package dev.tessera.generation.acdit.model;

/**
 * What pruning can remove from one ACDiT layer. {@link #LAYER} removes the whole layer (both streams
 * pass through unchanged); {@link #ATTENTION} and {@link #MLP} remove one residual branch from both
 * streams; {@link #ADALN} replaces the layer's adaLN modulation (shift, scale and gate computed from
 * each block's timestep and condition) by a constant vector, its stored bias.
 */
public enum LayerPart {
    LAYER,
    ATTENTION,
    MLP,
    ADALN
}
