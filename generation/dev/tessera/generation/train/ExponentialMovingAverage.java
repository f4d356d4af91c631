package dev.tessera.generation.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.tessera.generation.nn.ParameterStore;

/** EMA of the weights, {@code ema = decay * ema + (1 - decay) * w}, kept as its own store for sampling. */
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

    public void update(ParameterStore parameters) {
        try (NDScope scope = new NDScope()) {
            parameters.asMap().forEach((name, weight) ->
                    average.get(name).muli(decay).addi(weight.mul(1 - decay)));
        }
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
