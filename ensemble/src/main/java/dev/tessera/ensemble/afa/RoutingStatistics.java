package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDArray;
import dev.tessera.ensemble.unet.FeatureMixer;
import java.util.List;

/**
 * An aggregator that also adds up how it routes: the mean weight of each expert at each aggregation point, over
 * every pixel, item and call it has mixed. Mixes exactly as the aggregator does.
 */
public final class RoutingStatistics implements FeatureMixer, RoutingObserver {

    private final FeatureMixer observed;
    private final double[][] weightSums;
    private final long[] pixels;

    public RoutingStatistics(Aggregator aggregator) {
        this.observed = aggregator.observedBy(this);
        this.weightSums = new double[aggregator.points()][aggregator.experts()];
        this.pixels = new long[aggregator.points()];
    }

    @Override
    public NDArray mix(int point, List<NDArray> features, NDArray conditioning) {
        return observed.mix(point, features, conditioning);
    }

    @Override
    public void observe(int point, NDArray weights) {
        // Per expert: the sum over items and pixels [N] (one axis at a time: the engine reduces one).
        long[] shape = weights.getShape().getShape();
        float[] sums = weights.transpose(1, 0, 2, 3).reshape(shape[1], -1).sum(new int[] {1}).toFloatArray();
        for (int i = 0; i < sums.length; i++) {
            weightSums[point][i] += sums[i];
        }
        pixels[point] += shape[0] * shape[2] * shape[3];
    }

    /** The mean weight of each expert at {@code point} (1/N each before anything is mixed). */
    public double[] meanWeights(int point) {
        double[] means = new double[weightSums[point].length];
        for (int i = 0; i < means.length; i++) {
            means[i] = pixels[point] == 0 ? 1.0 / means.length : weightSums[point][i] / pixels[point];
        }
        return means;
    }

    public int points() {
        return weightSums.length;
    }
}
