package dev.tessera.app.export;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;

/**
 * Makes a white background transparent. The models draw emoji on white; a pixel becomes
 * transparent when it is near-white (every channel at least {@code 255 - tolerance}) and reaches the
 * image border through near-white pixels (4-connected). White inside the emoji (eyes, teeth, a
 * ring's hole that the outline closes) is not connected to the border, so it stays opaque.
 */
public final class TransparentBackground {

    /** Tolerance of the studio's default: model output is rarely exactly 255 in a white area. */
    public static final int DEFAULT_TOLERANCE = 24;
    public static final int MAX_TOLERANCE = 254;

    private TransparentBackground() {}

    /** An ARGB copy of {@code source} with its border-connected white at alpha 0 (colour kept). */
    public static BufferedImage apply(BufferedImage source, int tolerance) {
        if (tolerance < 0 || tolerance > MAX_TOLERANCE) {
            throw new IllegalArgumentException("tolerance must be 0 to " + MAX_TOLERANCE + ", got " + tolerance);
        }
        int w = source.getWidth();
        int h = source.getHeight();
        int[] argb = source.getRGB(0, 0, w, h, null, 0, w);
        boolean[] background = new boolean[w * h];
        ArrayDeque<Integer> frontier = new ArrayDeque<>();
        for (int x = 0; x < w; x++) {
            seed(argb, background, frontier, x, tolerance);
            seed(argb, background, frontier, (h - 1) * w + x, tolerance);
        }
        for (int y = 0; y < h; y++) {
            seed(argb, background, frontier, y * w, tolerance);
            seed(argb, background, frontier, y * w + w - 1, tolerance);
        }
        while (!frontier.isEmpty()) {
            int p = frontier.poll();
            int x = p % w;
            int y = p / w;
            if (x > 0) seed(argb, background, frontier, p - 1, tolerance);
            if (x < w - 1) seed(argb, background, frontier, p + 1, tolerance);
            if (y > 0) seed(argb, background, frontier, p - w, tolerance);
            if (y < h - 1) seed(argb, background, frontier, p + w, tolerance);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int p = 0; p < argb.length; p++) {
            if (background[p]) {
                argb[p] &= 0x00ffffff;
            }
        }
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    private static void seed(int[] argb, boolean[] background, ArrayDeque<Integer> frontier, int p, int tolerance) {
        if (!background[p] && isNearWhite(argb[p], tolerance)) {
            background[p] = true;
            frontier.add(p);
        }
    }

    /** Every channel within {@code tolerance} of 255; already transparent pixels count as background too. */
    static boolean isNearWhite(int argb, int tolerance) {
        if ((argb >>> 24) == 0) {
            return true;
        }
        int floor = 255 - tolerance;
        return ((argb >> 16) & 0xff) >= floor && ((argb >> 8) & 0xff) >= floor && (argb & 0xff) >= floor;
    }
}
