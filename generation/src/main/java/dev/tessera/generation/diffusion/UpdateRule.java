package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * One sampler's step formula. A fresh rule is made for every sampling call, so any history it
 * keeps (DPM-Solver++'s previous x0) is reset per call, e.g. per ACDiT block.
 */
interface UpdateRule {

    /** The state at {@code in.to()}, computed with {@code in.x()} or a step array as first operand. */
    NDArray advance(StepInputs in);
}
