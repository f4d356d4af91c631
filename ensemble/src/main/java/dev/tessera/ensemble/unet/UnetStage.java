package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.nn.Conv2d;

/**
 * One stage of the U-Net between two points where an ensemble's aggregator reads and mixes the experts'
 * features (after the input convolution, after each down, middle and up stage). The pass
 * ({@link UnetNetwork#forwardMixed}) keeps the skip stack: a down stage's (mixed) output is pushed onto it
 * ({@link #storesSkip}); an up stage is handed the latest skip ({@link #readsSkip}) and reads it
 * concatenated to its input along the channels ([h ; skip]).
 */
sealed interface UnetStage {

    /**
     * h [B, C, H, W], the skip this stage reads (null unless {@link #readsSkip}) and SiLU of the embedding
     * [B, E] → the stage's output, on h's manager.
     */
    NDArray forward(NDArray h, NDArray skip, NDArray embeddingSilu);

    /** Whether the stage's output is kept as a skip for the way up. */
    default boolean storesSkip() {
        return false;
    }

    /** Whether the stage reads the latest skip. */
    default boolean readsSkip() {
        return false;
    }

    /** A ResBlock, then (at attending levels) self-attention; the output is also a skip. */
    record Down(ResBlock res, SelfAttention attention) implements UnetStage {
        @Override
        public NDArray forward(NDArray h, NDArray skip, NDArray embeddingSilu) {
            NDArray out = res.forward(h, embeddingSilu);
            return attention == null ? out : attention.forward(out);
        }

        @Override
        public boolean storesSkip() {
            return true;
        }
    }

    /** A 3×3 convolution of stride 2 to the next level; the output is also a skip. */
    record Downsample(Conv2d conv) implements UnetStage {
        @Override
        public NDArray forward(NDArray h, NDArray skip, NDArray embeddingSilu) {
            return conv.forward(h);
        }

        @Override
        public boolean storesSkip() {
            return true;
        }
    }

    /** ResBlock, self-attention (null where pruning removed it), ResBlock at the lowest resolution. */
    record Middle(ResBlock first, SelfAttention attention, ResBlock second) implements UnetStage {
        @Override
        public NDArray forward(NDArray h, NDArray skip, NDArray embeddingSilu) {
            NDArray out = first.forward(h, embeddingSilu);
            return second.forward(attention == null ? out : attention.forward(out), embeddingSilu);
        }
    }

    /** [h ; the latest skip] through a ResBlock, then (at attending levels) self-attention. */
    record Up(ResBlock res, SelfAttention attention) implements UnetStage {
        @Override
        public NDArray forward(NDArray h, NDArray skip, NDArray embeddingSilu) {
            NDArray out = res.forward(NDArrays.concat(new NDList(h, skip), 1), embeddingSilu);
            return attention == null ? out : attention.forward(out);
        }

        @Override
        public boolean readsSkip() {
            return true;
        }
    }

    /** Nearest-neighbour upsampling ×2, then a 3×3 convolution. */
    record Upsample(Conv2d conv) implements UnetStage {
        @Override
        public NDArray forward(NDArray h, NDArray skip, NDArray embeddingSilu) {
            return conv.forward(nearestTwice(h));
        }
    }

    /** [B, C, H, W] → [B, C, 2H, 2W], every pixel copied into a 2×2 square. */
    static NDArray nearestTwice(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, h, 1, w, 1).broadcast(b, c, h, 2, w, 2).reshape(b, c, 2 * h, 2 * w);
    }
}
