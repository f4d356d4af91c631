package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
    private static final RmsNorm QK_NORM = RmsNorm.plain();
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

        /** [B, K, size] for conditions [B, K, D]; [1, 1, size] when constant. */
        NDArray forward(NDArray condition) {
            return conditioned != null ? conditioned.forward(condition) : constant.reshape(1, 1, size);
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
        NDList mods = modulation.forward(condition).split(modulation.size() / width, 2);
        int next = 0;
        NDArray noisyOut = noisy;
        NDArray cleanOut = clean != null && cleanOutput ? clean : null;
        LayerKv cleanKv = null;
        if (attention != null) {
            NDArray[] cleanQkv = clean == null ? null : headsOf(attention.cleanNorm().forward(clean), cleanRope);
            NDArray[] noisyQkv = headsOf(modulate(noisyNorm.forward(noisy), mods.get(0), mods.get(1), tokensPerBlock),
                    noisyRope);
            NDArray prefixKeys = prefix == null ? null : prefix.keys();
            NDArray prefixValues = prefix == null ? null : prefix.values();
            NDArray cleanKeys = cleanQkv == null ? null : cleanQkv[1];
            NDArray cleanValues = cleanQkv == null ? null : cleanQkv[2];
            // Noisy queries see [prefix ; clean ; noisy]; the context (batch Bc, or already Bn when the cache
            // was repeated for the guidance branches) is repeated to the noisy batch in the same concatenation.
            NDArray noisyKeys = OwnedOps.concat(owner, 2, repeatTo(owner, prefixKeys, bn), repeatTo(owner, cleanKeys, bn),
                    noisyQkv[1]);
            NDArray noisyValues = OwnedOps.concat(owner, 2, repeatTo(owner, prefixValues, bn),
                    repeatTo(owner, cleanValues, bn), noisyQkv[2]);
            NDArray noisyAttention = attention.projection().forward(
                    mergeHeads(attend(noisyQkv[0], noisyKeys, noisyValues, noisyBias)));
            noisyOut = noisyOut.add(gate(noisyAttention, mods.get(2), tokensPerBlock));
            if (cleanOut != null) {
                NDArray contextKeys = OwnedOps.concat(owner, 2, prefixKeys, cleanKeys);
                NDArray contextValues = OwnedOps.concat(owner, 2, prefixValues, cleanValues);
                cleanOut = cleanOut.add(attention.projection().forward(
                        mergeHeads(attend(cleanQkv[0], contextKeys, contextValues, cleanBias))));
            }
            cleanKv = cleanQkv == null ? null : new LayerKv(cleanKeys, cleanValues);
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

    /** x [b, ...] repeated as whole batches up to {@code batch} items (unchanged when it has them already). */
    private static NDArray repeatTo(NDManager owner, NDArray x, long batch) {
        return x == null ? null : OwnedOps.repeatBatch(owner, x, Math.toIntExact(batch / x.getShape().get(0)));
    }

    /**
     * x [B, L, D] → q, k, v [B, H, L, hd], with QK-norm and RoPE on q and k. q and k are normalised and
     * rotated as one stacked array (each element sees exactly the operations it would alone, so the
     * result is the same bit for bit, in half the native calls).
     */
    private NDArray[] headsOf(NDArray x, RopeNd.Table rope) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        NDArray packed = attention.qkv().forward(x).reshape(batch, length, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        // A result lands on its first input's manager: the parameters'. Stacked onto the call's manager.
        NDArray stacked = NDArrays.stack(new NDList(attention.qNorm().scale(), attention.kNorm().scale()));
        stacked.attach(x.getManager());
        NDArray qkScale = stacked.reshape(2, 1, 1, 1, headDim);
        NDArray qk = rope.apply(QK_NORM.forward(packed.get("0:2")).mul(qkScale));
        return new NDArray[] {qk.get(0), qk.get(1), packed.get(2)};
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

    /**
     * x·(1 + scale) + shift, per block: x [B, K·T, D], shift/scale [B, K, D] (or [1, 1, D] for every block).
     * One block (every sampling step) broadcasts over the tokens directly, without the block axis.
     */
    static NDArray modulate(NDArray x, NDArray shift, NDArray scale, int tokensPerBlock) {
        if (shift.getShape().get(1) == 1) {
            return x.mul(Scalars.plus(scale, 1f)).add(shift);
        }
        long[] dims = x.getShape().getShape();
        return x.reshape(dims[0], dims[1] / tokensPerBlock, tokensPerBlock, dims[2])
                .mul(Scalars.plus(scale, 1f).expandDims(2)).add(shift.expandDims(2)).reshape(dims[0], dims[1], dims[2]);
    }

    private static NDArray gate(NDArray x, NDArray gate, int tokensPerBlock) {
        if (gate.getShape().get(1) == 1) {
            return x.mul(gate);
        }
        long[] dims = x.getShape().getShape();
        return x.reshape(dims[0], dims[1] / tokensPerBlock, tokensPerBlock, dims[2]).mul(gate.expandDims(2))
                .reshape(dims[0], dims[1], dims[2]);
    }
}
