package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * DiT's fixed 2-D sine-cosine position embedding, added to every token's patch embedding (clean
 * and noisy copies alike, so they share positions). RoPE alone only tells attention how far apart
 * two tokens are; a block generated with no context (block 0, or a one-block model) then cannot
 * tell where on the canvas it is, and every prompt collapses to one average picture. Half the
 * width encodes the row, half the column, each as sin/cos over geometric frequencies (base 10000).
 * A clip's tokens also get the frame index as a 1-D sin/cos embedding over the whole width, added
 * on top (as Latte adds its temporal embedding), so a block knows where in the clip it is even
 * with no frame before it; image layouts get no such term and are unchanged.
 */
final class AbsolutePositions {

    private AbsolutePositions() {}

    /** [count, width] embeddings of the layout's tokens {@code first .. first + count - 1}. */
    static NDArray of(NDManager manager, BlockLayout layout, int first, int count, int width) {
        if (width % 4 != 0) {
            throw new IllegalArgumentException("width " + width + " must be a multiple of 4 for 2-D position embeddings");
        }
        int quarter = width / 4;
        float[] table = new float[count * width];
        for (int i = 0; i < count; i++) {
            int token = first + i;
            fill(table, i * width, layout.row(token), quarter);
            fill(table, i * width + 2 * quarter, layout.col(token), quarter);
            if (layout.isVideo()) {
                addFrame(table, i * width, layout.frame(token), width / 2);
            }
        }
        return manager.create(table, new Shape(count, width));
    }

    /** Adds sin(frame·ω_j) then cos(frame·ω_j), ω_j = 10000^(-j/half), over {@code 2·half} floats. */
    private static void addFrame(float[] table, int offset, int frame, int half) {
        for (int j = 0; j < half; j++) {
            double angle = frame * Math.pow(10000, -(double) j / half);
            table[offset + j] += (float) Math.sin(angle);
            table[offset + half + j] += (float) Math.cos(angle);
        }
    }

    /** sin(pos·ω_j) then cos(pos·ω_j) for ω_j = 10000^(-j/quarter), as DiT's get_1d_sincos_pos_embed. */
    private static void fill(float[] table, int offset, int position, int quarter) {
        for (int j = 0; j < quarter; j++) {
            double angle = position * Math.pow(10000, -(double) j / quarter);
            table[offset + j] = (float) Math.sin(angle);
            table[offset + quarter + j] = (float) Math.cos(angle);
        }
    }
}
