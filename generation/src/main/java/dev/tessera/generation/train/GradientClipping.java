package dev.tessera.generation.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Collection;

/** Global-norm gradient clipping: all gradients are scaled together so their joint L2 norm is at most a bound. */
public final class GradientClipping {

    private static final double GUARD = 1e-6;

    private GradientClipping() {}

    /**
     * Scales {@code gradients} in place when their global norm exceeds {@code maxNorm}.
     *
     * @return the global norm before clipping
     */
    public static double clipByGlobalNorm(Collection<NDArray> gradients, double maxNorm) {
        double norm = globalNorm(gradients);
        if (Double.isFinite(norm) && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + GUARD));
            gradients.forEach(g -> g.muli(scale));
        }
        return norm;
    }

    /** L2 norm over all gradients, summed in double so huge gradients do not overflow float. */
    public static double globalNorm(Collection<NDArray> gradients) {
        double sumOfSquares = 0;
        for (NDArray gradient : gradients) {
            try (NDArray wide = gradient.toType(DataType.FLOAT64, true);
                    NDArray squares = wide.square();
                    NDArray sum = squares.sum()) {
                sumOfSquares += sum.getDouble();
            }
        }
        return Math.sqrt(sumOfSquares);
    }
}
