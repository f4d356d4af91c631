package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.nn.Activations;
import dev.tessera.generation.nn.Dense;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import dev.tessera.generation.nn.RmsNorm;
import dev.tessera.generation.nn.Scalars;

/**
 * One transformer layer over two token streams. Clean tokens get a learned-scale RMSNorm and plain
 * residuals; noisy tokens get a plain RMSNorm, adaLN-Zero shift/scale/gate from their block's
 * condition vector. Attention is split by query stream, which is exactly the Skip-Causal mask's
 * rows: clean queries see [prefix cache ; clean] (clean never sees noisy), noisy queries see
 * [prefix cache ; clean ; noisy], each with an optional additive bias over those keys. A pruned
 * layer (docs/compression.md) lacks its attention or its MLP branch, or computes its modulation
 * without the condition; the branches it has work as in the whole layer.
 */
final class AcditLayer {

    private final int width;
    private final int heads;
    private final int headDim;
    private final RmsNorm noisyNorm = RmsNorm.plain();
    private final Attention attention; // null when pruned away
    private final Mlp mlp; // null when pruned away
    private final Modulation modulation;

    /** The attention branch's parameters: the clean stream's pre-norm, qkv with QK-norm, the projection. */
    private record Attention(RmsNorm cleanNorm, Dense qkv, RmsNorm qNorm, RmsNorm kNorm, Dense projection) {}

    /** The MLP branch's parameters: the clean stream's pre-norm and the two Dense layers. */
    private record Mlp(RmsNorm cleanNorm, Dense in, Dense out) {}

    /**
     * Shift, scale and gate (3 × width) for each branch the layer has: from the block's condition
     * (adaLN-Zero), or a constant vector when pruning removed the adaLN.
     */
    private record Modulation(Dense conditioned, NDArray constant, int size) {

        NDArray forward(NDArray condition, long batch, long blocks) {
            return conditioned != null
                    ? conditioned.forward(condition).reshape(batch, blocks, 1, size)
                    : constant.reshape(1, 1, 1, size);
        }
    }

    AcditLayer(AcditConfig config, ParameterStore store, ParameterInit init, String name, int index) {
        width = config.width();
        heads = config.heads();
        headDim = config.headDim();
        attention = config.keeps(index, LayerPart.ATTENTION)
                ? new Attention(RmsNorm.create(store, name + ".clean_norm1", width),
                        Dense.create(store, init, name + ".attn.qkv", width, 3 * width, true),
                        RmsNorm.create(store, name + ".attn.q_norm", headDim),
                        RmsNorm.create(store, name + ".attn.k_norm", headDim),
                        Dense.create(store, init, name + ".attn.proj", width, width, true))
                : null;
        int hidden = width * config.mlpRatio();
        mlp = config.keeps(index, LayerPart.MLP)
                ? new Mlp(RmsNorm.create(store, name + ".clean_norm2", width),
                        Dense.create(store, init, name + ".mlp.fc1", width, hidden, true),
                        Dense.create(store, init, name + ".mlp.fc2", hidden, width, true))
                : null;
        int size = 3 * width * ((attention == null ? 0 : 1) + (mlp == null ? 0 : 1));
        modulation = config.keeps(index, LayerPart.ADALN)
                ? new Modulation(Dense.zeros(store, name + ".adaln", width, size), null, size)
                : new Modulation(null, store.add(name + ".adaln.bias", m -> m.zeros(new Shape(size))), size);
    }

    /** Whether this layer attends, and so reads and writes one entry of the KV cache. */
    boolean hasAttention() {
        return attention != null;
    }

    /** Result of one layer: the new streams (clean null when not needed) and the clean keys/values. */
    record Output(NDArray clean, NDArray noisy, LayerKv cleanKv) {}

    /**
     * @param clean       clean stream [Bc, Lc, D] or null
     * @param noisy       noisy stream [Bn, Kn·T, D]; Bn is a multiple of Bc (2× for batched guidance)
     * @param condition   SiLU of the per-block condition vectors [Bn, Kn, D]
     * @param prefix      cached clean keys/values before the clean stream [Bc, H, P, hd], or null
     * @param cleanOutput whether the clean stream's output is needed (not after the last layer)
     */
    Output forward(NDArray clean, NDArray noisy, NDArray condition, int tokensPerBlock, RopeNd.Table cleanRope,
            RopeNd.Table noisyRope, LayerKv prefix, NDArray cleanBias, NDArray noisyBias, boolean cleanOutput) {
        NDManager owner = noisy.getManager();
        long bn = noisy.getShape().get(0);
        long blocks = noisy.getShape().get(1) / tokensPerBlock;
        NDList mods = modulation.forward(condition, bn, blocks).split(modulation.size() / width, 3);
        int next = 0;
        NDArray noisyOut = noisy;
        NDArray cleanOut = clean != null && cleanOutput ? clean : null;
        LayerKv cleanKv = null;
        if (attention != null) {
            NDArray[] cleanQkv = clean == null ? null : headsOf(attention.cleanNorm().forward(clean), cleanRope);
            NDArray[] noisyQkv = headsOf(modulate(noisyNorm.forward(noisy), mods.get(0), mods.get(1), tokensPerBlock),
                    noisyRope);
            NDArray contextKeys = OwnedOps.concat(owner, 2, prefix == null ? null : prefix.keys(),
                    cleanQkv == null ? null : cleanQkv[1]);
            NDArray contextValues = OwnedOps.concat(owner, 2, prefix == null ? null : prefix.values(),
                    cleanQkv == null ? null : cleanQkv[2]);

            int repeat = contextKeys == null ? 1 : Math.toIntExact(bn / contextKeys.getShape().get(0));
            NDArray noisyKeys = OwnedOps.concat(owner, 2, OwnedOps.repeatBatch(owner, contextKeys, repeat), noisyQkv[1]);
            NDArray noisyValues = OwnedOps.concat(owner, 2, OwnedOps.repeatBatch(owner, contextValues, repeat),
                    noisyQkv[2]);
            NDArray noisyAttention = attention.projection().forward(
                    mergeHeads(attend(noisyQkv[0], noisyKeys, noisyValues, noisyBias)));
            noisyOut = noisyOut.add(gate(noisyAttention, mods.get(2), tokensPerBlock));
            if (cleanOut != null) {
                cleanOut = cleanOut.add(attention.projection().forward(
                        mergeHeads(attend(cleanQkv[0], contextKeys, contextValues, cleanBias))));
            }
            cleanKv = cleanQkv == null ? null : new LayerKv(cleanQkv[1], cleanQkv[2]);
            next = 3;
        }
        if (mlp != null) {
            NDArray noisyMlp = mlp(modulate(noisyNorm.forward(noisyOut), mods.get(next), mods.get(next + 1),
                    tokensPerBlock));
            noisyOut = noisyOut.add(gate(noisyMlp, mods.get(next + 2), tokensPerBlock));
            if (cleanOut != null) {
                cleanOut = cleanOut.add(mlp(mlp.cleanNorm().forward(cleanOut)));
            }
        }
        return new Output(cleanOut, noisyOut, cleanKv);
    }

    /** x [B, L, D] → q, k, v [B, H, L, hd], with QK-norm and RoPE on q and k. */
    private NDArray[] headsOf(NDArray x, RopeNd.Table rope) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        NDArray packed = attention.qkv().forward(x).reshape(batch, length, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        NDArray q = rope.apply(attention.qNorm().forward(packed.get(0)));
        NDArray k = rope.apply(attention.kNorm().forward(packed.get(1)));
        return new NDArray[] {q, k, packed.get(2)};
    }

    private NDArray attend(NDArray q, NDArray k, NDArray v, NDArray bias) {
        NDArray scores = Scalars.times(q.matMul(k.transpose(0, 1, 3, 2)), (float) (1.0 / Math.sqrt(headDim)));
        if (bias != null) {
            scores = scores.add(bias);
        }
        return scores.softmax(-1).matMul(v);
    }

    private NDArray mergeHeads(NDArray x) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(2);
        return x.transpose(0, 2, 1, 3).reshape(batch, length, width);
    }

    private NDArray mlp(NDArray x) {
        return mlp.out().forward(Activations.gelu(mlp.in().forward(x)));
    }

    /** x·(1 + scale) + shift, per block: x [B, K·T, D], shift/scale [B, K, 1, D]. */
    static NDArray modulate(NDArray x, NDArray shift, NDArray scale, int tokensPerBlock) {
        long[] dims = x.getShape().getShape();
        return x.reshape(dims[0], dims[1] / tokensPerBlock, tokensPerBlock, dims[2])
                .mul(Scalars.plus(scale, 1f)).add(shift).reshape(dims[0], dims[1], dims[2]);
    }

    private static NDArray gate(NDArray x, NDArray gate, int tokensPerBlock) {
        long[] dims = x.getShape().getShape();
        return x.reshape(dims[0], dims[1] / tokensPerBlock, tokensPerBlock, dims[2]).mul(gate)
                .reshape(dims[0], dims[1], dims[2]);
    }
}
