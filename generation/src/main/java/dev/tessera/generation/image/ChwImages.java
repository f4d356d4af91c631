package dev.tessera.generation.image;

import java.awt.image.BufferedImage;

/** Conversions between the models' CHW float images in [-1, 1] and RGB pictures. */
public final class ChwImages {

    private ChwImages() {}

    /** CHW floats in [-1, 1] (clamped) → an RGB image, each pixel a {@code scale}×{@code scale} square. */
    public static BufferedImage toImage(float[] chw, int size, int scale) {
        BufferedImage image = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        for (int y = 0; y < size * scale; y++) {
            for (int x = 0; x < size * scale; x++) {
                int p = (y / scale) * size + x / scale;
                image.setRGB(x, y, toByte(chw[p]) << 16 | toByte(chw[plane + p]) << 8 | toByte(chw[2 * plane + p]));
            }
        }
        return image;
    }

    public static BufferedImage toImage(float[] chw, int size) {
        return toImage(chw, size, 1);
    }

    /** One channel value in [-1, 1] → 0..255, rounding to nearest. */
    public static int toByte(float v) {
        return Math.round((Math.max(-1f, Math.min(1f, v)) + 1f) * 127.5f);
    }
}
