package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDArray;

/** Sees the weights an {@link Aggregator} gives at each aggregation point as it mixes ({@link Aggregator#observedBy}). */
@FunctionalInterface
public interface RoutingObserver {

    /**
     * @param point   the aggregation point
     * @param weights each expert's weight at each pixel [B, N, H, W], summing to one over N; valid only during the call
     */
    void observe(int point, NDArray weights);
}
