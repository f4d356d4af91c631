package dev.tessera.app.export;

import java.awt.image.BufferedImage;

/**
 * How an image is exported.
 *
 * @param transparent make the border-connected white background transparent ({@link TransparentBackground})
 * @param tolerance   how far from pure white a background pixel may be, 0 to {@value TransparentBackground#MAX_TOLERANCE}
 */
public record ExportOptions(ExportScale scale, boolean transparent, int tolerance) {

    public ExportOptions {
        if (scale == null) {
            throw new IllegalArgumentException("an export needs a scale");
        }
        if (tolerance < 0 || tolerance > TransparentBackground.MAX_TOLERANCE) {
            throw new IllegalArgumentException("the transparency tolerance must be 0 to "
                    + TransparentBackground.MAX_TOLERANCE + ", got " + tolerance);
        }
    }

    /** At {@code scale}, background kept. */
    public static ExportOptions scaled(ExportScale scale) {
        return new ExportOptions(scale, false, TransparentBackground.DEFAULT_TOLERANCE);
    }

    /** The picture as exported: transparency found at the model's own pixels, then enlarged. */
    public BufferedImage apply(BufferedImage source) {
        BufferedImage cut = transparent ? TransparentBackground.apply(source, tolerance) : source;
        return Upscale.nearest(cut, scale.factor());
    }
}
