package dev.tessera.generation.nn;

/**
 * How a model file's INT4 weights (docs/model-files.md#int4-weights) are held at run time. A
 * full-precision file loads the same either way.
 */
public enum Int4Runtime {
    /** Dequantized to F32 once, while loading: as fast as the full-precision model, as large in memory. */
    DEQUANTIZE_AT_LOAD,
    /** Kept packed (half a byte a weight plus its group's scale) and dequantized by each layer as it runs: small, slower. */
    DEQUANTIZE_PER_LAYER
}
