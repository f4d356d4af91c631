package dev.tessera.generation.acdit.model;

import dev.tessera.generation.data.EmojiStyle;
import java.util.List;

/**
 * Architecture of an ACDiT model, stored in its model file. Images are {@code imageSize}² RGB,
 * cut into {@code patchSize}² patches (one token each) and into square blocks of
 * {@code blockSide}² tokens. {@code ropeBase} is the RoPE frequency base; 100 rather than the usual
 * 10000 because the token grid is only a few positions wide and with 10000 most frequencies would
 * barely turn across it.
 *
 * @param width    token width (model dimension)
 * @param depth    transformer layers
 * @param heads    attention heads; the head dimension must be divisible by 4 (2-D RoPE pairs)
 * @param mlpRatio MLP hidden width as a multiple of {@code width}
 * @param promptDim size of the prompt embedding (384 for all-MiniLM-L6-v2)
 * @param styles   the emoji styles, in the order of the learned style embeddings
 */
public record AcditConfig(int imageSize, int patchSize, int blockSide, int width, int depth, int heads,
        int mlpRatio, int promptDim, double ropeBase, List<EmojiStyle> styles) {

    public static final int CHANNELS = 3;

    public AcditConfig {
        styles = List.copyOf(styles);
        new BlockLayout(imageSize, patchSize, blockSide); // validates the geometry
        if (width <= 0 || depth <= 0 || heads <= 0 || mlpRatio <= 0 || promptDim <= 0) {
            throw new IllegalArgumentException("width, depth, heads, mlpRatio and promptDim must be positive");
        }
        if (width % heads != 0 || (width / heads) % 4 != 0) {
            throw new IllegalArgumentException("width " + width + " / heads " + heads
                    + " must give a head dimension divisible by 4 (2-D RoPE)");
        }
        if (!(ropeBase > 1) || !Double.isFinite(ropeBase)) {
            throw new IllegalArgumentException("ropeBase must be a finite number > 1, was " + ropeBase);
        }
        if (styles.isEmpty() || styles.stream().distinct().count() != styles.size()) {
            throw new IllegalArgumentException("styles must be non-empty and distinct, were " + styles);
        }
    }

    /** This architecture with {@code depth} layers. */
    public AcditConfig withDepth(int depth) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles);
    }

    public AcditConfig withBlockSide(int blockSide) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles);
    }

    public BlockLayout layout() {
        return new BlockLayout(imageSize, patchSize, blockSide);
    }

    public int headDim() {
        return width / heads;
    }

    /** Floats of one patch token: p × p × 3. */
    public int patchFloats() {
        return patchSize * patchSize * CHANNELS;
    }

    /** Index of {@code style} in the style embedding table. */
    public int styleIndex(EmojiStyle style) {
        int index = styles.indexOf(style);
        if (index < 0) {
            throw new IllegalArgumentException("this model knows styles " + styles + ", not " + style);
        }
        return index;
    }
}
