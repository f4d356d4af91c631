package dev.tessera.generation.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.tessera.generation.nn.ParameterStore;

/**
 * EMA of the weights, {@code ema = d * ema + (1 - d) * w}, kept as its own store for sampling. The
 * decay warms up, d = min(decay, (1 + n) / (10 + n)) after n updates, so the random initial weights
 * do not linger in the average of a short run (with a fixed 0.999 they still weigh 13.5 % after
 * 2,000 steps).
 */
public final class ExponentialMovingAverage implements AutoCloseable {

    private final ParameterStore average;
    private final float decay;

    public ExponentialMovingAverage(ParameterStore parameters, NDManager parent, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), was " + decay);
        }
        this.average = parameters.copy(parent);
        this.decay = (float) decay;
    }

    /** Folds in the weights after {@code updatesBefore} earlier updates (the training step). */
    public void update(ParameterStore parameters, long updatesBefore) {
        float d = effectiveDecay(updatesBefore);
        try (NDScope scope = new NDScope()) {
            parameters.asMap().forEach((name, weight) ->
                    average.get(name).muli(d).addi(weight.mul(1 - d)));
        }
    }

    /** The decay used for the update after {@code updatesBefore} earlier ones. */
    public float effectiveDecay(long updatesBefore) {
        return (float) Math.min(decay, (1.0 + updatesBefore) / (10.0 + updatesBefore));
    }

    /** The averaged weights; use these for sampling. */
    public ParameterStore average() {
        return average;
    }

    @Override
    public void close() {
        average.close();
    }
}
