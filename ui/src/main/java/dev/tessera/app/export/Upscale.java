package dev.tessera.app.export;

import java.awt.image.BufferedImage;

/** Nearest-neighbour enlargement: pixel (x, y) of the result is pixel (x / factor, y / factor) of the source. */
public final class Upscale {

    private Upscale() {}

    /** An ARGB copy {@code factor} times as wide and high; alpha is kept. */
    public static BufferedImage nearest(BufferedImage source, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + factor);
        }
        int w = source.getWidth() * factor;
        int h = source.getHeight() * factor;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x] = source.getRGB(x / factor, y / factor);
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }
}
