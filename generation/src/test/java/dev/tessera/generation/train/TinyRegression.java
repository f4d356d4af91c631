package dev.tessera.generation.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.nn.ParameterStore;
import java.util.SplittableRandom;

/** A 2-layer tanh MLP fitting a fixed smooth function of 4 inputs: small enough to train in a second. */
final class TinyRegression {

    static final int EXAMPLES = 32;
    static final int INPUTS = 4;
    static final int HIDDEN = 16;

    final float[] inputs = new float[EXAMPLES * INPUTS];
    final float[] targets = new float[EXAMPLES];

    TinyRegression() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (int n = 0; n < EXAMPLES; n++) {
            float a = inputs[n * INPUTS];
            float b = inputs[n * INPUTS + 1];
            float c = inputs[n * INPUTS + 2];
            targets[n] = (float) (Math.sin(2 * a) + b * c - 0.5 * inputs[n * INPUTS + 3]);
        }
    }

    static ParameterStore initialParameters(NDManager parent, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ParameterStore store = ParameterStore.create(parent);
        store.add("w1", m -> m.create(gaussian(random, INPUTS * HIDDEN, 0.5), new Shape(INPUTS, HIDDEN)));
        store.add("b1", m -> m.zeros(new Shape(HIDDEN)));
        store.add("w2", m -> m.create(gaussian(random, HIDDEN, 0.25), new Shape(HIDDEN, 1)));
        store.add("b2", m -> m.zeros(new Shape(1)));
        return store;
    }

    /** Mean squared error on the whole data set. */
    LossFunction fullBatchLoss() {
        return context -> meanSquaredError(context, inputs, targets, EXAMPLES);
    }

    /** Mean squared error on a sampled batch with input jitter, so data order and noise come from the RNGs. */
    LossFunction sampledNoisyLoss(long seed, int batchSize) {
        EpochBatchSampler sampler = new EpochBatchSampler(seed, EXAMPLES);
        return context -> {
            int[] batch = sampler.batch(context.step(), batchSize);
            float[] x = new float[batchSize * INPUTS];
            float[] y = new float[batchSize];
            for (int i = 0; i < batchSize; i++) {
                for (int j = 0; j < INPUTS; j++) {
                    x[i * INPUTS + j] = inputs[batch[i] * INPUTS + j] + (float) (0.01 * context.random().nextGaussian());
                }
                y[i] = targets[batch[i]];
            }
            return meanSquaredError(context, x, y, batchSize);
        };
    }

    private static NDArray meanSquaredError(StepContext context, float[] x, float[] y, int count) {
        NDManager m = context.manager();
        ParameterStore p = context.parameters();
        NDArray hidden = m.create(x, new Shape(count, INPUTS)).matMul(p.get("w1")).add(p.get("b1")).tanh();
        NDArray prediction = hidden.matMul(p.get("w2")).add(p.get("b2")).reshape(count);
        return prediction.sub(m.create(y)).square().mean();
    }

    private static float[] gaussian(SplittableRandom random, int count, double scale) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (scale * random.nextGaussian());
        }
        return out;
    }
}
