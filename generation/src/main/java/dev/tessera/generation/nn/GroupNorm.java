package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Group normalisation over NCHW input with a learned per-channel scale and shift. Chosen over
 * batch norm because it has no running statistics: the same image gives the same output whatever
 * else is in its batch, which keeps sampling deterministic per image.
 */
public final class GroupNorm {

    private static final float EPSILON = 1e-5f;

    private final NDArray gamma;
    private final NDArray beta;
    private final int groups;

    private GroupNorm(NDArray gamma, NDArray beta, int groups) {
        this.gamma = gamma;
        this.beta = beta;
        this.groups = groups;
    }

    public static GroupNorm create(ParameterStore store, String name, int channels, int groups) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(groups + " groups do not divide " + channels + " channels");
        }
        NDArray g = store.add(name + ".weight", m -> m.ones(new Shape(channels)));
        NDArray b = store.add(name + ".bias", m -> m.zeros(new Shape(channels)));
        return new GroupNorm(g, b, groups);
    }

    public NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long channels = shape.get(1);
        NDArray grouped = x.reshape(batch, groups, -1);
        NDArray mean = grouped.mean(new int[] {2}, true);
        NDArray centred = grouped.sub(mean);
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray normalised = centred.div(Scalars.plus(variance, EPSILON).sqrt()).reshape(shape);
        Shape perChannel = new Shape(1, channels, 1, 1);
        return normalised.mul(onManagerOf(x, gamma.reshape(perChannel))).add(onManagerOf(x, beta.reshape(perChannel)));
    }

    /**
     * A reshaped parameter belongs to the parameter's long-lived manager; moved onto the input's, it is freed
     * with the step instead of piling up there on every call (as it did: two arrays a norm a forward pass).
     */
    private static NDArray onManagerOf(NDArray x, NDArray view) {
        view.attach(x.getManager());
        return view;
    }
}
