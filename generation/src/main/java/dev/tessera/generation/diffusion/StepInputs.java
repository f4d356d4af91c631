package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Everything an update rule may use for one step from level {@code from} to level {@code to}.
 * {@code x}, {@code eps} and {@code x0} live on the step manager (freed after the step);
 * {@code runManager} outlives the steps of one sampling call and is where solver history goes.
 */
record StepInputs(
        int stepIndex,
        int totalSteps,
        NoiseLevel from,
        NoiseLevel to,
        NDArray x,
        NDArray eps,
        NDArray x0,
        NDManager runManager) {

    boolean isFinalStep() {
        return stepIndex == totalSteps - 1;
    }
}
