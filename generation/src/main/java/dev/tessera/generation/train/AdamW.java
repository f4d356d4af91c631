package dev.tessera.generation.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.tessera.generation.nn.ParameterStore;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * AdamW (Loshchilov and Hutter) on raw arrays, updated in place: bias-corrected moments and
 * decoupled weight decay. DJL's own {@code Adam}/{@code AdamW} keep their moments in private maps,
 * which could not be checkpointed for an exact resume, so the moments live in two
 * {@link ParameterStore}s here. Weight decay only touches tensors of rank 2 or more (weights, not
 * biases or norm gains).
 */
public final class AdamW implements AutoCloseable {

    private final ParameterStore firstMoments;
    private final ParameterStore secondMoments;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final double weightDecay;

    public AdamW(ParameterStore parameters, NDManager parent, double beta1, double beta2, double epsilon,
            double weightDecay) {
        this.firstMoments = parameters.zerosLike(parent);
        this.secondMoments = parameters.zerosLike(parent);
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        this.weightDecay = weightDecay;
    }

    public static AdamW of(ParameterStore parameters, NDManager parent, TrainingConfig config) {
        return new AdamW(parameters, parent, config.beta1(), config.beta2(), config.epsilon(), config.weightDecay());
    }

    /**
     * Applies update number {@code t} (1-based) with learning rate {@code lr}.
     *
     * @param gradients gradients by parameter name, already clipped
     */
    public void update(ParameterStore parameters, Map<String, NDArray> gradients, double lr, long t) {
        update(parameters, gradients, name -> lr, t);
    }

    /**
     * As {@link #update(ParameterStore, Map, double, long)} with a learning rate per parameter (for
     * updates scaled per block). Parameters without a gradient are frozen: they keep their values and moments.
     */
    public void update(ParameterStore parameters, Map<String, NDArray> gradients, ToDoubleFunction<String> learningRate,
            long t) {
        float correction1 = (float) (1 - Math.pow(beta1, t));
        float correction2 = (float) (1 - Math.pow(beta2, t));
        // Every temporary below is created inside the scope and freed when it closes, even those
        // that DJL places on the long-lived moment or parameter managers.
        try (NDScope scope = new NDScope()) {
            for (Map.Entry<String, NDArray> entry : parameters.asMap().entrySet()) {
                String name = entry.getKey();
                NDArray parameter = entry.getValue();
                NDArray gradient = gradients.get(name);
                if (gradient == null) {
                    continue;
                }
                double lr = learningRate.applyAsDouble(name);
                NDArray m = firstMoments.get(name);
                NDArray v = secondMoments.get(name);
                m.muli(beta1).addi(gradient.mul(1 - beta1));
                v.muli(beta2).addi(gradient.square().muli(1 - beta2));
                if (weightDecay > 0 && parameter.getShape().dimension() >= 2) {
                    parameter.muli((float) (1 - lr * weightDecay));
                }
                NDArray denominator = v.div(correction2).sqrt().addi(epsilon);
                parameter.subi(m.div(denominator).muli((float) (lr / correction1)));
            }
        }
    }

    public ParameterStore firstMoments() {
        return firstMoments;
    }

    public ParameterStore secondMoments() {
        return secondMoments;
    }

    @Override
    public void close() {
        firstMoments.close();
        secondMoments.close();
    }
}
