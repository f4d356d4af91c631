package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.tessera.generation.nn.Activations;
import dev.tessera.generation.nn.Conv2d;
import dev.tessera.generation.nn.Dense;
import dev.tessera.generation.nn.GroupNorm;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import dev.tessera.generation.nn.Scalars;

/**
 * A residual block with FiLM conditioning (ADM's "scale-shift norm"):
 * {@code h = conv1(SiLU(norm1(x)))}, {@code h = conv2(SiLU(norm2(h) · (1 + scale) + shift))} with
 * {@code (scale, shift) = film(SiLU(embedding))}, and {@code skip(x) + h}, where {@code skip} is a 1×1
 * convolution when the channel count changes and the identity otherwise. {@code conv2} starts at zero, so
 * a fresh block is its skip path. A block that pruning removed is only that skip path: it holds the
 * {@code skip} convolution (where the channels change) and nothing else.
 */
final class ResBlock {

    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Dense film;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d skip; // null for the identity
    private final int out;

    ResBlock(ParameterStore store, ParameterInit init, String name, int in, int out, int embedWidth, int groups) {
        this(store, init, name, in, out, embedWidth, groups, true);
    }

    /** A block, or with {@code kept} false its skip path alone (a pruned block). */
    ResBlock(ParameterStore store, ParameterInit init, String name, int in, int out, int embedWidth, int groups,
            boolean kept) {
        this.out = out;
        if (!kept) {
            norm1 = null;
            conv1 = null;
            film = null;
            norm2 = null;
            conv2 = null;
            skip = in == out ? null : Conv2d.create(store, init, name + ".skip", in, out, 1, 1);
            return;
        }
        norm1 = GroupNorm.create(store, name + ".norm1", in, groups);
        conv1 = Conv2d.create(store, init, name + ".conv1", in, out, 3, 1);
        film = Dense.create(store, init, name + ".film", embedWidth, 2 * out, true);
        norm2 = GroupNorm.create(store, name + ".norm2", out, groups);
        conv2 = Conv2d.zeros(store, name + ".conv2", out, out, 3, 1);
        skip = in == out ? null : Conv2d.create(store, init, name + ".skip", in, out, 1, 1);
    }

    /** x [B, in, H, W] and SiLU of the embedding [B, E] → [B, out, H, W] on x's manager. */
    NDArray forward(NDArray x, NDArray embeddingSilu) {
        if (conv1 == null) {
            return skip == null ? x : skip.forward(x);
        }
        NDArray h = conv1.forward(Activations.silu(norm1.forward(x)));
        NDList scaleShift = film.forward(embeddingSilu).reshape(-1, 2 * out, 1, 1).split(2, 1);
        NDArray modulated = norm2.forward(h).mul(Scalars.plus(scaleShift.get(0), 1f)).add(scaleShift.get(1));
        h = conv2.forward(Activations.silu(modulated));
        return (skip == null ? x : skip.forward(x)).add(h);
    }
}
