package dev.tessera.generation.random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Copies Java-drawn Gaussian noise into float32 NDArrays on a caller-chosen manager. */
public final class NoiseTensors {

    private NoiseTensors() {}

    /** An array of {@code shape} filled from the start of {@code stream}. */
    public static NDArray gaussian(NDManager manager, Shape shape, NoiseStream stream) {
        return manager.create(stream.gaussian(elementCount(shape)), shape);
    }

    /**
     * A batch {@code [perItem.size(), itemShape...]} whose row {@code i} is the start of
     * {@code perItem.get(i)}: a batch gives each item exactly what it would get alone.
     */
    public static NDArray gaussianBatch(NDManager manager, Shape itemShape, List<NoiseStream> perItem) {
        if (perItem.isEmpty()) {
            throw new IllegalArgumentException("A noise batch needs at least one stream");
        }
        int itemSize = elementCount(itemShape);
        long total = (long) itemSize * perItem.size();
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Noise batch too large: " + total + " elements");
        }
        float[] data = new float[(int) total];
        float[] item = new float[itemSize];
        for (int i = 0; i < perItem.size(); i++) {
            perItem.get(i).fillGaussian(item, 0L);
            System.arraycopy(item, 0, data, i * itemSize, itemSize);
        }
        long[] dims = new long[itemShape.dimension() + 1];
        dims[0] = perItem.size();
        System.arraycopy(itemShape.getShape(), 0, dims, 1, itemShape.dimension());
        return manager.create(data, new Shape(dims));
    }

    private static int elementCount(Shape shape) {
        long size = shape.size();
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Noise shape " + shape + " has an unsupported size " + size);
        }
        return (int) size;
    }
}
