package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.nn.Dense;
import dev.tessera.generation.nn.GroupNorm;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import dev.tessera.generation.nn.Scalars;

/**
 * Multi-head self-attention over the pixels of a feature map, with a residual:
 * {@code x + proj(attention(qkv(norm(x))))}. {@code qkv} and {@code proj} act on the channels of each pixel
 * (1×1 convolutions written as Dense layers over [B, H·W, C]); {@code proj} starts at zero, so a fresh block
 * is the identity.
 */
final class SelfAttention {

    private final GroupNorm norm;
    private final Dense qkv;
    private final Dense proj;
    private final int heads;

    SelfAttention(ParameterStore store, ParameterInit init, String name, int channels, int groups, int heads) {
        this.heads = heads;
        norm = GroupNorm.create(store, name + ".norm", channels, groups);
        qkv = Dense.create(store, init, name + ".qkv", channels, 3 * channels, true);
        proj = Dense.zeros(store, name + ".proj", channels, channels);
    }

    /** x [B, C, H, W] → [B, C, H, W] on x's manager. */
    NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long channels = shape.get(1);
        long pixels = shape.get(2) * shape.get(3);
        long headDim = channels / heads;
        // [B, C, HW] → [B, HW, C] → [3, B, heads, HW, headDim]
        NDArray tokens = norm.forward(x).reshape(batch, channels, pixels).transpose(0, 2, 1);
        NDArray packed = qkv.forward(tokens).reshape(batch, pixels, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        NDArray q = packed.get(0);
        NDArray k = packed.get(1);
        NDArray v = packed.get(2);
        NDArray scores = Scalars.times(q.matMul(k.transpose(0, 1, 3, 2)), (float) (1.0 / Math.sqrt(headDim)));
        NDArray attended = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, pixels, channels);
        NDArray out = proj.forward(attended).transpose(0, 2, 1).reshape(shape);
        return x.add(out);
    }
}
