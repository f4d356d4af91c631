package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * What a sampler reports after each step: {@code stepIndex} counts from 0 to {@code totalSteps - 1};
 * {@code timestep} is where the model was evaluated; {@code x} is the new noisy state and
 * {@code predictedX0} the model's clean estimate at this step (a natural preview). Both arrays are
 * freed when the callback returns: copy them (e.g. {@code toFloatArray()}) to keep them.
 */
public record StepProgress(int stepIndex, int totalSteps, double timestep, NDArray x, NDArray predictedX0) {}
