package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Objects;

/**
 * Ops whose first input may live on a long-lived manager (the KV cache): DJL puts a result on its
 * first input's manager, so these move the result onto the caller's step manager explicitly.
 */
public final class OwnedOps {

    private OwnedOps() {}

    /** Concatenates the non-null parts along {@code axis} onto {@code owner}; null when every part is null. */
    public static NDArray concat(NDManager owner, int axis, NDArray... parts) {
        NDArray[] present = Arrays.stream(parts).filter(Objects::nonNull).toArray(NDArray[]::new);
        if (present.length == 0) {
            return null;
        }
        if (present.length == 1) {
            // Never take a lone part away from its manager (it may be the cache's); copy it instead.
            return present[0].getManager() == owner ? present[0] : own(owner, present[0].duplicate());
        }
        return own(owner, NDArrays.concat(new NDList(present), axis));
    }

    /** x [B, ...] repeated as whole batches: [x; x; ...] of {@code times}·B items. */
    public static NDArray repeatBatch(NDManager owner, NDArray x, int times) {
        if (x == null || times == 1) {
            return x;
        }
        long[] reps = new long[x.getShape().dimension()];
        Arrays.fill(reps, 1L);
        reps[0] = times;
        return own(owner, x.tile(reps));
    }

    private static NDArray own(NDManager owner, NDArray result) {
        if (result.getManager() != owner) {
            result.attach(owner);
        }
        return result;
    }
}
