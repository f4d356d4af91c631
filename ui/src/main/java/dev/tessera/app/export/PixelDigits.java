package dev.tessera.app.export;

import java.awt.image.BufferedImage;

/**
 * Numbers drawn as 3×5-pixel digits, each pixel a {@code size}×{@code size} square: how a grid labels
 * its tiles with their seeds. Pixel glyphs, not AWT text: AWT's font set-up writes a cache into the
 * user's home ({@code ~/.java/fonts}) and its anti-aliased text would not suit pixel art anyway.
 */
final class PixelDigits {

    static final int WIDTH = 3;
    static final int HEIGHT = 5;

    /** Rows of each digit, top first; bit 2 is the left pixel. */
    private static final int[][] GLYPHS = {
        {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
        {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 2, 2}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}};

    private PixelDigits() {}

    /** Width of {@code digits} at {@code size}: 3 pixels a digit and 1 between digits. */
    static int width(String digits, int size) {
        return digits.isEmpty() ? 0 : (digits.length() * (WIDTH + 1) - 1) * size;
    }

    /** Draws {@code digits} (characters other than 0–9 are not allowed) with its top-left corner at (x, y). */
    static void draw(BufferedImage image, String digits, int x, int y, int size, int argb) {
        for (int i = 0; i < digits.length(); i++) {
            int[] glyph = GLYPHS[digit(digits.charAt(i))];
            int left = x + i * (WIDTH + 1) * size;
            for (int row = 0; row < HEIGHT; row++) {
                for (int col = 0; col < WIDTH; col++) {
                    if ((glyph[row] >> (WIDTH - 1 - col) & 1) == 1) {
                        fill(image, left + col * size, y + row * size, size, argb);
                    }
                }
            }
        }
    }

    private static int digit(char c) {
        if (c < '0' || c > '9') {
            throw new IllegalArgumentException("a pixel label holds digits only, not '" + c + "'");
        }
        return c - '0';
    }

    private static void fill(BufferedImage image, int x, int y, int size, int argb) {
        for (int dy = 0; dy < size; dy++) {
            for (int dx = 0; dx < size; dx++) {
                if (x + dx >= 0 && y + dy >= 0 && x + dx < image.getWidth() && y + dy < image.getHeight()) {
                    image.setRGB(x + dx, y + dy, argb);
                }
            }
        }
    }
}
