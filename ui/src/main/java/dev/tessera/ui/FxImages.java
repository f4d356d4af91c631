package dev.tessera.ui;

import dev.tessera.generation.image.ChwImages;
import java.awt.image.BufferedImage;
import java.nio.IntBuffer;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Model images (CHW floats in [-1, 1]) as JavaFX images, enlarged by whole pixels (nearest
 * neighbour) so a 32×32 emoji stays crisp instead of blurring. Safe to call off the FX thread.
 */
public final class FxImages {

    private FxImages() {}

    /** The side of a square CHW image with {@code floats} values. */
    public static int sideOf(float[] chw) {
        return (int) Math.round(Math.sqrt(chw.length / 3.0));
    }

    /** Each model pixel becomes a {@code scale}×{@code scale} square. */
    public static Image of(float[] chw, int scale) {
        int size = sideOf(chw);
        int plane = size * size;
        int side = size * scale;
        int[] argb = new int[side * side];
        for (int y = 0; y < side; y++) {
            int row = (y / scale) * size;
            for (int x = 0; x < side; x++) {
                int p = row + x / scale;
                argb[y * side + x] = 0xff000000 | ChwImages.toByte(chw[p]) << 16
                        | ChwImages.toByte(chw[plane + p]) << 8 | ChwImages.toByte(chw[2 * plane + p]);
            }
        }
        return of(argb, side, side);
    }

    /** The largest whole-pixel scale that fits {@code chw} into {@code box} pixels. */
    public static Image fitting(float[] chw, int box) {
        return of(chw, Math.max(1, box / sideOf(chw)));
    }

    public static Image of(BufferedImage image, int scale) {
        int w = image.getWidth() * scale;
        int h = image.getHeight() * scale;
        int[] argb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                argb[y * w + x] = 0xff000000 | image.getRGB(x / scale, y / scale);
            }
        }
        return of(argb, w, h);
    }

    private static Image of(int[] argb, int w, int h) {
        WritableImage image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbPreInstance(), IntBuffer.wrap(argb), w);
        return image;
    }

    /** The RGB of pixel (x, y), for tests and comparisons. */
    public static int rgb(Image image, int x, int y) {
        return image.getPixelReader().getArgb(x, y) & 0xffffff;
    }
}
