package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a number in a way the backward pass can rely on. DJL's {@code NDArray.mul(Number)},
 * {@code div(Number)} and {@code add(Number)} wrap the number in a one-element array over a Java direct buffer and
 * close that array as soon as the result exists. PyTorch's autograd may keep the number's tensor for the backward
 * pass (the gradient of x·c is c), so a garbage collection between forward and backward frees memory the backward
 * then reads: NaN or silently wrong gradients, now and then (AFA training skipped up to half its steps this way).
 * Here the number lives on the array's own manager instead, so it stays until the step that made it is closed.
 * Use these wherever an array that may take gradients meets a number; DJL's own are fine where no gradient is
 * collected (sampling). The results are the same numbers either way.
 */
public final class Scalars {

    private Scalars() {}

    /** x · factor, on x's manager. */
    public static NDArray times(NDArray x, float factor) {
        return x.mul(x.getManager().create(factor));
    }

    /** x + addend, on x's manager. */
    public static NDArray plus(NDArray x, float addend) {
        return x.add(x.getManager().create(addend));
    }

    /** x / divisor, on x's manager. */
    public static NDArray dividedBy(NDArray x, float divisor) {
        return x.div(x.getManager().create(divisor));
    }
}
