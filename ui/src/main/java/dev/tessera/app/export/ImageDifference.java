package dev.tessera.app.export;

import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Where two pictures of one size differ: per pixel and channel |a − b|, multiplied by {@code gain}
 * (small differences would be invisible otherwise) and clipped to 255, as an opaque RGB picture —
 * black where they agree. {@code meanAbsDelta} is the unamplified mean over every channel of every
 * pixel (0–255).
 */
public record ImageDifference(BufferedImage image, double meanAbsDelta, int gain) {

    public static final int DEFAULT_GAIN = 8;

    public static ImageDifference of(BufferedImage a, BufferedImage b, int gain) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "cannot take the difference of a %dx%d and a %dx%d picture", a.getWidth(), a.getHeight(),
                    b.getWidth(), b.getHeight()));
        }
        if (gain < 1) {
            throw new IllegalArgumentException("the difference's gain must be at least 1, got " + gain);
        }
        int w = a.getWidth();
        int h = a.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        long sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int delta = Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                    sum += delta;
                    rgb |= Math.min(255, delta * gain) << shift;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return new ImageDifference(out, sum / (3.0 * w * h), gain);
    }

    /** "mean |Δ| 3.21 of 255 (shown ×8)". */
    public String describe() {
        return String.format(Locale.ROOT, "mean |Δ| %.2f of 255 (shown ×%d)", meanAbsDelta, gain);
    }
}
