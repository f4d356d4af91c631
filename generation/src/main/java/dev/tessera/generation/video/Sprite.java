package dev.tessera.generation.video;

import dev.tessera.generation.data.EmojiSet;
import java.util.ArrayDeque;

/**
 * An emoji cut out of its white background, as a small premultiplied RGBA image (bytes, row-major,
 * R G B A per texel). The emoji art is stored composited on white, so the background is the
 * near-white region connected to the border (white inside the emoji, e.g. eyes, stays opaque); the
 * cut-out is then halved by area averaging, so that the sprite can move and grow inside a frame.
 */
public record Sprite(int side, byte[] rgba) {

    /** Channels above this (all three) count as background white when connected to the border. */
    static final int WHITE = 240;

    public Sprite {
        if (side <= 0 || rgba.length != side * side * 4) {
            throw new IllegalArgumentException("a sprite of side " + side + " holds " + side * side * 4
                    + " bytes, got " + rgba.length);
        }
    }

    /** Item {@code index} of {@code set} cut out and halved (32 px art gives a 16 px sprite). */
    public static Sprite cutOut(EmojiSet set, int index) {
        int size = set.imageSize();
        if (size % 2 != 0) {
            throw new IllegalArgumentException("sprites are halved from an even image size, not " + size);
        }
        boolean[] background = borderWhite(set, index, size);
        int side = size / 2;
        byte[] rgba = new byte[side * side * 4];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double[] sum = new double[4];
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int px = 2 * x + dx, py = 2 * y + dy;
                        if (!background[py * size + px]) {
                            int rgb = set.rgb(index, px, py);
                            sum[0] += rgb >> 16 & 0xFF;
                            sum[1] += rgb >> 8 & 0xFF;
                            sum[2] += rgb & 0xFF;
                            sum[3] += 255;
                        }
                    }
                }
                for (int c = 0; c < 4; c++) {
                    rgba[(y * side + x) * 4 + c] = (byte) Math.round(sum[c] / 4);
                }
            }
        }
        return new Sprite(side, rgba);
    }

    /** Premultiplied channel {@code c} (0..3, alpha last) of texel (x, y), in [0, 1]. */
    public float texel(int x, int y, int c) {
        return (rgba[(y * side + x) * 4 + c] & 0xFF) / 255f;
    }

    /** Share of opaque coverage over the sprite's area. */
    public double coverage() {
        double sum = 0;
        for (int i = 3; i < rgba.length; i += 4) {
            sum += (rgba[i] & 0xFF) / 255.0;
        }
        return sum / (side * side);
    }

    private static boolean[] borderWhite(EmojiSet set, int index, int size) {
        boolean[] seen = new boolean[size * size];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < size; i++) {
            for (int p : new int[] {i, (size - 1) * size + i, i * size, i * size + size - 1}) {
                if (!seen[p] && isWhite(set.rgb(index, p % size, p / size))) {
                    seen[p] = true;
                    queue.add(p);
                }
            }
        }
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int x = p % size, y = p / size;
            int[][] next = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
            for (int[] n : next) {
                if (n[0] >= 0 && n[1] >= 0 && n[0] < size && n[1] < size) {
                    int q = n[1] * size + n[0];
                    if (!seen[q] && isWhite(set.rgb(index, n[0], n[1]))) {
                        seen[q] = true;
                        queue.add(q);
                    }
                }
            }
        }
        return seen;
    }

    private static boolean isWhite(int rgb) {
        return (rgb >> 16 & 0xFF) >= WHITE && (rgb >> 8 & 0xFF) >= WHITE && (rgb & 0xFF) >= WHITE;
    }
}
