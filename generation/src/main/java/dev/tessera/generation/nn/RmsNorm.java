package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Root-mean-square normalisation over the last axis, optionally with a learned scale. */
public final class RmsNorm {

    private static final float EPSILON = 1e-6f;

    private final NDArray scale;

    private RmsNorm(NDArray scale) {
        this.scale = scale;
    }

    public static RmsNorm create(ParameterStore store, String name, int dimension) {
        return new RmsNorm(store.add(name + ".weight", m -> m.ones(new Shape(dimension))));
    }

    /** A norm without parameters (for tokens that are modulated afterwards, as in adaLN). */
    public static RmsNorm plain() {
        return new RmsNorm(null);
    }

    /** The learned scale [dimension]; null for a plain norm. */
    public NDArray scale() {
        return scale;
    }

    public NDArray forward(NDArray x) {
        NDArray rms = Scalars.plus(x.square().mean(new int[] {-1}, true), EPSILON).sqrt();
        NDArray normalised = x.div(rms);
        return scale == null ? normalised : normalised.mul(scale);
    }
}
