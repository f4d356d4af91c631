package dev.tessera.generation.train;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.nn.ParameterStore;
import java.util.SplittableRandom;

/**
 * What a loss function gets for one step: the 0-based step, a manager that is closed when the step
 * ends (put every temporary here), the step's random generator and the trainable parameters.
 */
public record StepContext(long step, NDManager manager, SplittableRandom random, ParameterStore parameters) {}
