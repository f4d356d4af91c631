package dev.tessera.generation.image;

import dev.tessera.generation.data.EmojiImageProcessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a picture a person supplies (image to image) as a model input. The rule: the largest centred
 * square is cut out, alpha is composited on white and the square is resized to {@code size}×{@code size}
 * by exact area averaging to 8-bit RGB, which is how the training emoji were made (a picture of the
 * model's size passes unchanged when opaque); each byte then maps to {@code b / 127.5 - 1}, as the data
 * set does. Every problem is an {@link IllegalArgumentException} naming the file.
 */
public final class SourceImages {

    /** Larger pictures are refused before decoding: area averaging keeps every source pixel in memory. */
    public static final int MAX_SIDE = 2048;

    private SourceImages() {}

    /** CHW floats in [-1, 1], {@code size}×{@code size}. */
    public static float[] read(Path file, int size) {
        BufferedImage picture = decode(file);
        int side = Math.min(picture.getWidth(), picture.getHeight());
        BufferedImage square = picture.getSubimage((picture.getWidth() - side) / 2, (picture.getHeight() - side) / 2,
                side, side);
        byte[] rgb = new byte[size * size * 3];
        new EmojiImageProcessor(side, size).shrink(square, rgb, 0);
        float[] chw = new float[rgb.length];
        int plane = size * size;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * plane + p] = (rgb[p * 3 + c] & 0xFF) / 127.5f - 1f;
            }
        }
        return chw;
    }

    /** Decodes the picture only, to report an unreadable file before any work is queued on it. */
    public static void check(Path file) {
        decode(file);
    }

    private static BufferedImage decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such image file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException(file + ": not a readable image (PNG, JPEG, GIF or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE) {
                    throw new IllegalArgumentException(file + ": the image is " + width + "×" + height
                            + "; at most " + MAX_SIDE + " pixels a side are read (scale it down first)");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException clear && clear.getMessage().startsWith(file.toString())) {
                throw clear;
            }
            throw new IllegalArgumentException(file + ": not a readable image (" + e.getMessage() + ")", e);
        }
    }
}
