package dev.tessera.generation.video;

import dev.tessera.generation.data.EmojiSet;
import java.util.ArrayDeque;
import java.util.function.IntBinaryOperator;

/**
 * An emoji cut out of its white background, as a small premultiplied RGBA image (bytes, row-major,
 * R G B A per texel). The emoji art is stored composited on white, so the background is the
 * near-white region connected to the border (white inside the emoji, e.g. eyes, stays opaque); the
 * cut-out is then shrunk by area averaging (to half the art's side by default), so that the sprite can
 * move and grow inside a frame.
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
        return cutOut(set, index, size / 2);
    }

    /**
     * Item {@code index} of {@code set} cut out and shrunk to {@code side} texels: each texel is the
     * mean of the art over its footprint (pixels weighted by how much of them it covers), the
     * background counting as transparent. Halving averages each 2×2 block.
     */
    public static Sprite cutOut(EmojiSet set, int index, int side) {
        return cutOut((x, y) -> set.rgb(index, x, y), set.imageSize(), side);
    }

    /**
     * A picture of {@code size}² pixels (CHW floats in [-1, 1], as the models make them) cut out and shrunk to
     * {@code side} texels, as {@link #cutOut(EmojiSet, int, int)} does the art: a generated emoji made a sprite.
     */
    public static Sprite cutOut(float[] chw, int size, int side) {
        int plane = size * size;
        if (chw.length != 3 * plane) {
            throw new IllegalArgumentException("a " + size + "x" + size + " RGB picture holds " + 3 * plane
                    + " floats, got " + chw.length);
        }
        return cutOut((x, y) -> byteOf(chw[y * size + x]) << 16 | byteOf(chw[plane + y * size + x]) << 8
                | byteOf(chw[2 * plane + y * size + x]), size, side);
    }

    private static int byteOf(float value) {
        return (int) Math.round(Math.min(1, Math.max(-1, value)) * 127.5 + 127.5);
    }

    /** The core of both cut-outs: {@code rgbAt} gives pixel (x, y) of a {@code size}² picture as 0xRRGGBB. */
    private static Sprite cutOut(IntBinaryOperator rgbAt, int size, int side) {
        if (side < 1 || side > size) {
            throw new IllegalArgumentException("a sprite of " + size + " px art is 1 to " + size + " texels on a side, not "
                    + side);
        }
        boolean[] background = borderWhite(rgbAt, size);
        double[][] weights = footprints(size, side);
        double area = (double) size / side * size / side;
        byte[] rgba = new byte[side * side * 4];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double[] sum = new double[4];
                for (int py = first(y, size, side); py < end(y, size, side); py++) {
                    for (int px = first(x, size, side); px < end(x, size, side); px++) {
                        double w = weights[y][py] * weights[x][px];
                        if (w > 0 && !background[py * size + px]) {
                            int rgb = rgbAt.applyAsInt(px, py);
                            sum[0] += w * (rgb >> 16 & 0xFF);
                            sum[1] += w * (rgb >> 8 & 0xFF);
                            sum[2] += w * (rgb & 0xFF);
                            sum[3] += w * 255;
                        }
                    }
                }
                for (int c = 0; c < 4; c++) {
                    rgba[(y * side + x) * 4 + c] = (byte) Math.round(sum[c] / area);
                }
            }
        }
        return new Sprite(side, rgba);
    }

    /** The first art pixel texel {@code t}'s footprint [t·size/side, (t + 1)·size/side) touches. */
    private static int first(int t, int size, int side) {
        return t * size / side;
    }

    /** One past the last art pixel texel {@code t}'s footprint touches. */
    private static int end(int t, int size, int side) {
        return ((t + 1) * size + side - 1) / side;
    }

    /** [texel][pixel]: how much of pixel [p, p + 1) lies in texel t's footprint [t·size/side, (t + 1)·size/side). */
    private static double[][] footprints(int size, int side) {
        double step = (double) size / side;
        double[][] weights = new double[side][size];
        for (int t = 0; t < side; t++) {
            for (int p = 0; p < size; p++) {
                weights[t][p] = Math.max(0, Math.min(p + 1, (t + 1) * step) - Math.max(p, t * step));
            }
        }
        return weights;
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

    private static boolean[] borderWhite(IntBinaryOperator rgbAt, int size) {
        boolean[] seen = new boolean[size * size];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < size; i++) {
            for (int p : new int[] {i, (size - 1) * size + i, i * size, i * size + size - 1}) {
                if (!seen[p] && isWhite(rgbAt.applyAsInt(p % size, p / size))) {
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
                    if (!seen[q] && isWhite(rgbAt.applyAsInt(n[0], n[1]))) {
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
