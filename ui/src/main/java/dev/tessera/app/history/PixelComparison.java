package dev.tessera.app.history;

import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * How far two RGB pictures are apart: identical, or the largest absolute difference of any channel
 * of any pixel (0–255). Pictures of different sizes differ by definition.
 */
public record PixelComparison(boolean sameSize, int maxAbsDelta) {

    public static PixelComparison of(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return new PixelComparison(false, 255);
        }
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff)));
                }
            }
        }
        return new PixelComparison(true, max);
    }

    public boolean identical() {
        return sameSize && maxAbsDelta == 0;
    }

    /** "identical", or "differs: max |Δ| = 12 (of 255)". */
    public String describe() {
        if (!sameSize) {
            return "differs: the pictures have different sizes";
        }
        return identical() ? "identical" : String.format(Locale.ROOT, "differs: max |Δ| = %d (of 255)", maxAbsDelta);
    }
}
