package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;

/** The conditional and unconditional ε predictions of one classifier-free-guidance step. */
public record GuidancePair(NDArray conditional, NDArray unconditional) {}
