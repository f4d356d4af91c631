package dev.tessera.generation.image;

import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Labels drawn with a 3×5-pixel font, each font pixel a {@code scale}×{@code scale} square: letters (upper
 * case for either case), digits, space and {@code . , : - _ + = ( ) / % ' ×}; anything else draws as '?'.
 * For sheets written by the CLI and in tests: AWT text would set up the platform's fonts, which writes a
 * cache into the user's home ({@code ~/.java/fonts}).
 */
public final class PixelText {

    /** Glyph width and height in font pixels; glyphs advance by WIDTH + 1. */
    public static final int WIDTH = 3;
    public static final int HEIGHT = 5;

    private static final String CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:-_+=()/%'×?";
    /** Rows of each glyph of {@link #CHARS}, top first; bit 2 is the left pixel. */
    private static final int[][] GLYPHS = {
        {2, 5, 7, 5, 5}, {6, 5, 6, 5, 6}, {3, 4, 4, 4, 3}, {6, 5, 5, 5, 6}, {7, 4, 6, 4, 7}, {7, 4, 6, 4, 4},
        {3, 4, 5, 5, 3}, {5, 5, 7, 5, 5}, {7, 2, 2, 2, 7}, {1, 1, 1, 5, 2}, {5, 5, 6, 5, 5}, {4, 4, 4, 4, 7},
        {5, 7, 7, 5, 5}, {6, 5, 5, 5, 5}, {2, 5, 5, 5, 2}, {6, 5, 6, 4, 4}, {2, 5, 5, 6, 3}, {6, 5, 6, 5, 5},
        {3, 4, 2, 1, 6}, {7, 2, 2, 2, 2}, {5, 5, 5, 5, 7}, {5, 5, 5, 5, 2}, {5, 5, 7, 7, 5}, {5, 5, 2, 5, 5},
        {5, 5, 2, 2, 2}, {7, 1, 2, 4, 7},
        {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
        {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 2, 2}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
        {0, 0, 0, 0, 0}, {0, 0, 0, 0, 2}, {0, 0, 0, 2, 4}, {0, 2, 0, 2, 0}, {0, 0, 7, 0, 0}, {0, 0, 0, 0, 7},
        {0, 2, 7, 2, 0}, {0, 7, 0, 7, 0}, {1, 2, 2, 2, 1}, {4, 2, 2, 2, 4}, {1, 1, 2, 4, 4}, {5, 1, 2, 4, 5},
        {2, 2, 0, 0, 0}, {0, 5, 2, 5, 0}, {7, 1, 2, 0, 2}};

    private PixelText() {}

    /** Width of {@code text} at {@code scale}: 3 pixels a character and 1 between characters. */
    public static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * (WIDTH + 1) - 1) * scale;
    }

    /** Height of a line at {@code scale}. */
    public static int height(int scale) {
        return HEIGHT * scale;
    }

    /** The longest start of {@code text} that fits {@code width} at {@code scale}, ending in ".." when cut. */
    public static String fitting(String text, int width, int scale) {
        if (width(text, scale) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && width(cut + "..", scale) > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "..";
    }

    /** Draws {@code text} with its top-left corner at (x, y) in colour 0xRRGGBB; pixels outside the image are skipped. */
    public static void draw(BufferedImage image, String text, int x, int y, int scale, int rgb) {
        String upper = text.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length(); i++) {
            int index = CHARS.indexOf(upper.charAt(i));
            int[] glyph = GLYPHS[index < 0 ? CHARS.length() - 1 : index];
            int left = x + i * (WIDTH + 1) * scale;
            for (int row = 0; row < HEIGHT; row++) {
                for (int col = 0; col < WIDTH; col++) {
                    if ((glyph[row] >> (WIDTH - 1 - col) & 1) == 1) {
                        fill(image, left + col * scale, y + row * scale, scale, rgb);
                    }
                }
            }
        }
    }

    private static void fill(BufferedImage image, int x, int y, int size, int rgb) {
        for (int dy = 0; dy < size; dy++) {
            for (int dx = 0; dx < size; dx++) {
                if (x + dx >= 0 && y + dy >= 0 && x + dx < image.getWidth() && y + dy < image.getHeight()) {
                    image.setRGB(x + dx, y + dy, rgb);
                }
            }
        }
    }
}
