package dev.tessera.generation.acdit.model;

/**
 * Converts between CHW images and patch tokens in block order (see {@link BlockLayout}); a token
 * holds its patch's pixels in (row, column, channel) order. A clip is its frames' CHW images one
 * after another. A pure permutation, done in Java so it
 * is exact and cheap; Gaussian noise stays Gaussian under it, so samplers work on tokens directly.
 */
public final class PatchTokens {

    private final BlockLayout layout;
    /** For token-feature index j (over the whole image), the CHW pixel index it holds. */
    private final int[] pixelOfFeature;

    public PatchTokens(BlockLayout layout) {
        this.layout = layout;
        int p = layout.patchSize();
        int size = layout.imageSize();
        int perToken = p * p * AcditConfig.CHANNELS;
        int frameFloats = AcditConfig.CHANNELS * size * size;
        pixelOfFeature = new int[layout.tokenCount() * perToken];
        for (int token = 0; token < layout.tokenCount(); token++) {
            int frameStart = layout.frame(token) * frameFloats;
            int y0 = layout.row(token) * p;
            int x0 = layout.col(token) * p;
            for (int dy = 0; dy < p; dy++) {
                for (int dx = 0; dx < p; dx++) {
                    for (int c = 0; c < AcditConfig.CHANNELS; c++) {
                        int feature = token * perToken + (dy * p + dx) * AcditConfig.CHANNELS + c;
                        pixelOfFeature[feature] = frameStart + c * size * size + (y0 + dy) * size + (x0 + dx);
                    }
                }
            }
        }
    }

    public BlockLayout layout() {
        return layout;
    }

    /** Floats of all tokens of one image or clip (= floats of its pixels). */
    public int floatsPerImage() {
        return pixelOfFeature.length;
    }

    /** Floats of one block's tokens. */
    public int floatsPerBlock() {
        return pixelOfFeature.length / layout.blockCount();
    }

    /** Image CHW (from {@code offset}) → tokens [N, p·p·3] in block order, written at {@code out[outOffset..]}. */
    public void toTokens(float[] image, int offset, float[] out, int outOffset) {
        for (int j = 0; j < pixelOfFeature.length; j++) {
            out[outOffset + j] = image[offset + pixelOfFeature[j]];
        }
    }

    /** Tokens of one image or clip in block order → CHW image(s). Blocks not yet written may be left as they are. */
    public float[] toImage(float[] tokens) {
        float[] image = new float[pixelOfFeature.length];
        for (int j = 0; j < pixelOfFeature.length; j++) {
            image[pixelOfFeature[j]] = tokens[j];
        }
        return image;
    }
}
