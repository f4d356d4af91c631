package dev.tessera.compression.distill;

/**
 * How distillation scales each layer's updates by its sensitivity (the ε-error of removing it,
 * from the contribution analysis): sensitive layers hold what the model knows, so they move less.
 */
public enum UpdateScaling {
    /** Every trainable layer at the full learning rate. */
    UNIFORM,
    /** Layers more sensitive than the trainable layers' median are frozen, the rest train fully. */
    BINARY,
    /** Each trainable layer at the learning rate × (least sensitivity / its sensitivity). */
    CONTINUOUS
}
