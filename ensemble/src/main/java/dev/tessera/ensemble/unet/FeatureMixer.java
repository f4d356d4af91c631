package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import dev.tessera.generation.nn.Scalars;
import java.util.List;

/**
 * What happens at each aggregation point of a pass over several experts of one architecture
 * ({@link UnetNetwork#forwardMixed}): after the input convolution (point 0), after each stage (points 1 to
 * {@code stages}) and on the final ε (the last point), the experts' features become the one feature every
 * expert's next stage reads.
 */
@FunctionalInterface
public interface FeatureMixer {

    /**
     * The mixed feature [B, C, H, W] from one feature per expert, each [B, C, H, W], on the features' manager.
     *
     * @param point        the aggregation point, 0 to {@link UnetNetwork#aggregationPoints()} − 1
     * @param conditioning the experts' mean SiLU(time + condition embedding) [B, E]
     */
    NDArray mix(int point, List<NDArray> features, NDArray conditioning);

    /** The plain mean of the features: feature averaging, and for one expert its own feature. */
    static FeatureMixer average() {
        return (point, features, conditioning) -> mean(features);
    }

    /** The element-wise mean of same-shaped arrays, on the first one's manager (the array itself for one). */
    static NDArray mean(List<NDArray> arrays) {
        if (arrays.size() == 1) {
            return arrays.get(0);
        }
        NDArray sum = arrays.get(0);
        for (int i = 1; i < arrays.size(); i++) {
            sum = sum.add(arrays.get(i));
        }
        return Scalars.dividedBy(sum, arrays.size());
    }
}
