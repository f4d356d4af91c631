package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * An ε-prediction model: given a noisy batch {@code x} {@code [B, ...]}, its timesteps {@code t}
 * (float32 {@code [B]}, one per item; samplers give every item the same value, training gives
 * each its own) and a condition, it returns the predicted noise, shaped like {@code x}.
 *
 * <p>The condition type is the model's own business (a prompt embedding, a style id, a cached
 * ACDiT context, ...); samplers never look inside it. Inputs live on a short-lived manager; the
 * result must live there too, so compute with {@code x} or {@code t} as the first operand
 * (an op's result belongs to its first input's manager) and never on the model's own manager.
 *
 * @param <C> the condition type
 */
@FunctionalInterface
public interface Denoiser<C> {

    NDArray predictNoise(NDArray x, NDArray t, C condition);

    /**
     * ε for the same {@code x} and {@code t} under each condition, in order (the branches of a
     * guidance step). The default calls {@link #predictNoise} once per condition; a model overrides
     * this to run them as one batch, which is usually faster.
     */
    default List<NDArray> predictBranches(NDArray x, NDArray t, List<C> conditions) {
        List<NDArray> branches = new ArrayList<>(conditions.size());
        for (C condition : conditions) {
            branches.add(predictNoise(x, t, condition));
        }
        return branches;
    }

    /**
     * The branches of a guidance step as one batch: {@code batched} sees [x; x; …] and [t; t; …] with the
     * branches' conditions one after another, and its ε is split back into one array per branch. For models
     * whose condition is a list with one entry per item, to implement {@link #predictBranches} with.
     */
    static <E> List<NDArray> inOneBatch(NDArray x, NDArray t, List<List<E>> branches, Denoiser<List<E>> batched) {
        List<E> all = new ArrayList<>();
        NDList xs = new NDList();
        NDList ts = new NDList();
        for (List<E> branch : branches) {
            all.addAll(branch);
            xs.add(x);
            ts.add(t);
        }
        return batched.predictNoise(NDArrays.concat(xs), NDArrays.concat(ts), all).split(branches.size(), 0);
    }
}
