package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The two row groups of {@link SkipCausalMask#additiveBias} as NDArrays: the model attends clean
 * queries and noisy queries separately (clean never sees noisy, so the clean rows need only the
 * clean keys).
 */
public record SkipCausalBias(NDArray cleanRows, NDArray noisyRows) {

    /** Clean rows [n, n] over clean keys and noisy rows [n, 2n] over [clean ; noisy] keys, n = blocks·T. */
    public static SkipCausalBias of(NDManager manager, int blocks, int tokensPerBlock) {
        int n = blocks * tokensPerBlock;
        float[] full = SkipCausalMask.additiveBias(blocks, tokensPerBlock);
        float[] clean = new float[n * n];
        for (int q = 0; q < n; q++) {
            System.arraycopy(full, q * 2 * n, clean, q * n, n);
        }
        float[] noisy = new float[n * 2 * n];
        System.arraycopy(full, n * 2 * n, noisy, 0, n * 2 * n);
        return new SkipCausalBias(manager.create(clean, new Shape(n, n)), manager.create(noisy, new Shape(n, 2 * n)));
    }
}
