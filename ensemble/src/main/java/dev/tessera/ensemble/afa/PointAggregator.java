package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.tessera.generation.nn.Activations;
import dev.tessera.generation.nn.Conv2d;
import dev.tessera.generation.nn.Dense;
import dev.tessera.generation.nn.GroupNorm;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import dev.tessera.generation.nn.Scalars;
import java.util.List;

/**
 * The aggregator's network at one point: the N experts' features concatenated along the channels
 * [B, N·C, H, W] → GroupNorm with one group per expert (each expert's feature normalised on its own) →
 * 1×1 convolution to {@code width} channels → FiLM from the experts' mean SiLU(time + condition embedding)
 * → SiLU → 1×1 convolution to N logits, zero-initialised → softmax over the experts at every pixel.
 * Zero logits give every expert the weight 1/N: a fresh point is the plain average.
 */
final class PointAggregator {

    private final GroupNorm norm;
    private final Conv2d in;
    private final Dense film;
    private final Conv2d logits;
    private final int width;
    private final int experts;

    PointAggregator(ParameterStore store, ParameterInit init, String name, int experts, int channels, int embedWidth,
            int width) {
        this.width = width;
        this.experts = experts;
        norm = GroupNorm.create(store, name + ".norm", experts * channels, experts);
        in = Conv2d.create(store, init, name + ".in", experts * channels, width, 1, 1);
        film = Dense.create(store, init, name + ".film", embedWidth, 2 * width, true);
        logits = Conv2d.zeros(store, name + ".logits", width, experts, 1, 1);
    }

    /** Each expert's weight at each pixel [B, N, H, W], summing to one over the experts, on the features' manager. */
    NDArray weights(List<NDArray> features, NDArray conditioning) {
        requireOnePerExpert(features);
        NDArray h = in.forward(norm.forward(NDArrays.concat(new NDList(features), 1)));
        NDList scaleShift = film.forward(conditioning).reshape(-1, 2 * width, 1, 1).split(2, 1);
        h = Activations.silu(h.mul(Scalars.plus(scaleShift.get(0), 1f)).add(scaleShift.get(1)));
        return logits.forward(h).softmax(1);
    }

    /** Σ_i w_i · f_i at every pixel. */
    NDArray mix(List<NDArray> features, NDArray conditioning) {
        return weightedSum(features, weights(features, conditioning));
    }

    /** Σ_i w_i · f_i at every pixel, for features [B, C, H, W] and weights [B, N, H, W], on the features' manager. */
    static NDArray weightedSum(List<NDArray> features, NDArray weights) {
        NDList perExpert = weights.split(features.size(), 1);
        NDArray mixed = features.get(0).mul(perExpert.get(0));
        for (int i = 1; i < features.size(); i++) {
            mixed = mixed.add(features.get(i).mul(perExpert.get(i)));
        }
        return mixed;
    }

    private void requireOnePerExpert(List<NDArray> features) {
        if (features.size() != experts) {
            throw new IllegalArgumentException("the aggregator mixes " + experts + " experts, got " + features.size()
                    + " features");
        }
    }
}
