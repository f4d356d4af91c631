package dev.tessera.generation.train;

import ai.djl.ndarray.NDArray;

/** A model's training objective for one batch: returns a scalar loss owned by the step's manager. */
@FunctionalInterface
public interface LossFunction {

    NDArray loss(StepContext context);
}
