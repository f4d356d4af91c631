package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDArray;
import dev.tessera.ensemble.unet.FeatureMixer;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Adaptive Feature Aggregation: one {@link PointAggregator} per aggregation point of the experts' architecture
 * (after the input convolution, after each stage, on ε), each giving per-pixel softmax weights over the experts
 * from their features, the timestep and the condition. Parameters {@code point.<k>.{norm,in,film,logits}}; the
 * logits start at zero, so a fresh aggregator is exactly feature averaging.
 */
public final class Aggregator implements FeatureMixer {

    private final List<PointAggregator> points = new ArrayList<>();
    private final int experts;

    /** Adds the aggregator's parameters to {@code store} for {@code experts} experts of {@code architecture}. */
    public Aggregator(UnetConfig architecture, int experts, AggregatorConfig config, ParameterStore store,
            ParameterInit init) {
        if (experts < 1) {
            throw new IllegalArgumentException("an aggregator needs at least one expert, got " + experts);
        }
        this.experts = experts;
        List<Integer> widths = architecture.pointWidths();
        for (int k = 0; k < widths.size(); k++) {
            points.add(new PointAggregator(store, init, "point." + k, experts, widths.get(k), architecture.embedWidth(),
                    config.width()));
        }
    }

    /** The name of the tensor whose length is the number of experts an aggregator was made for. */
    static String expertCountTensor() {
        return "point.0.logits.bias";
    }

    @Override
    public NDArray mix(int point, List<NDArray> features, NDArray conditioning) {
        return points.get(point).mix(features, conditioning);
    }

    /** The experts' weights [B, N, H, W] at {@code point} (for routing statistics and tests). */
    public NDArray weights(int point, List<NDArray> features, NDArray conditioning) {
        return points.get(point).weights(features, conditioning);
    }

    /**
     * This aggregator's mixing with {@code observer} shown each point's weights [B, N, H, W] before they mix: the
     * same arithmetic as {@link #mix}, so the pixels do not change (for routing statistics and pictures).
     */
    public FeatureMixer observedBy(RoutingObserver observer) {
        return (point, features, conditioning) -> {
            NDArray weights = weights(point, features, conditioning);
            observer.observe(point, weights);
            return weightedSum(features, weights);
        };
    }

    /** Σ_i w_i · f_i at every pixel, for weights [B, N, H, W] such as {@link #weights} gives. */
    public static NDArray weightedSum(List<NDArray> features, NDArray weights) {
        return PointAggregator.weightedSum(features, weights);
    }

    public int experts() {
        return experts;
    }

    public int points() {
        return points.size();
    }
}
