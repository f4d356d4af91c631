package dev.tessera.generation.data;

import java.util.List;
import java.util.Objects;

/**
 * One style's derived emoji images at one size: the items and their RGB u8 pixels,
 * image after image, each {@code size×size×3} in row-major order (HWC).
 *
 * @param source  the npm package it was derived from, e.g. {@code emoji-datasource-google@16.0.0}
 * @param licence SPDX identifier of the artwork licence
 */
public record EmojiSet(EmojiStyle style, int imageSize, String source, String licence, List<EmojiItem> items,
        byte[] pixels) {

    public EmojiSet {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(licence, "licence");
        items = List.copyOf(items);
        if (imageSize < EmojiImageProcessor.MIN_SIZE || imageSize > EmojiImageProcessor.MAX_SIZE) {
            throw new IllegalArgumentException("image size " + imageSize + " out of range");
        }
        if (pixels.length != (long) items.size() * imageSize * imageSize * 3) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes for " + items.size() + " images of "
                    + imageSize + "×" + imageSize + "×3");
        }
    }

    public int count() {
        return items.size();
    }

    public int bytesPerImage() {
        return imageSize * imageSize * 3;
    }

    /** Offset of item {@code index}'s first byte in {@link #pixels()}. */
    public int pixelOffset(int index) {
        Objects.checkIndex(index, items.size());
        return index * bytesPerImage();
    }

    /** The RGB value (0xRRGGBB) of one pixel. */
    public int rgb(int index, int x, int y) {
        int at = pixelOffset(index) + (y * imageSize + x) * 3;
        return (pixels[at] & 0xFF) << 16 | (pixels[at + 1] & 0xFF) << 8 | (pixels[at + 2] & 0xFF);
    }

    /** The conventional file name of this set, e.g. {@code emoji-google-32.bin}. */
    public String fileName() {
        return fileName(style, imageSize);
    }

    public static String fileName(EmojiStyle style, int imageSize) {
        return "emoji-" + style.id() + "-" + imageSize + ".bin";
    }
}
