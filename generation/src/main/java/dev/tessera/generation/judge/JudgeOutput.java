package dev.tessera.generation.judge;

import ai.djl.ndarray.NDArray;

/** What the judge computes for a batch: penultimate features and the logits of its three heads. */
public record JudgeOutput(NDArray features, NDArray identityLogits, NDArray subcategoryLogits, NDArray styleLogits) {}
