package dev.tessera.app.export;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The images of one batch tiled into one picture: as square a grid as the count allows (columns =
 * ⌈√n⌉), every cell the size of the largest image, {@code gap} pixels between cells and around
 * them, and optionally a label line under each cell (e.g. its seed).
 */
public final class ImageGrid {

    /** A picture and its caption: a number such as its seed, digits only ("" for none). */
    public record Tile(BufferedImage image, String label) {
        public Tile {
            if (image == null) {
                throw new IllegalArgumentException("a grid tile needs an image");
            }
            label = label == null ? "" : label;
            if (!label.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("a grid label holds digits only, got \"" + label + "\"");
            }
        }
    }

    /**
     * @param gap        pixels between cells and around the grid, 0 to {@value #MAX_GAP}
     * @param labels     draw each tile's label under it
     * @param background ARGB of the gaps (and of the label lines)
     */
    public record Layout(int gap, boolean labels, int background) {
        public static final int MAX_GAP = 64;
        public static final int DEFAULT_GAP = 4;
        public static final int LIGHT_GREY = 0xffd8d8d8;

        public Layout {
            if (gap < 0 || gap > MAX_GAP) {
                throw new IllegalArgumentException("the grid's gap must be 0 to " + MAX_GAP + " pixels, got " + gap);
            }
        }

        public static Layout standard(boolean labels) {
            return new Layout(DEFAULT_GAP, labels, LIGHT_GREY);
        }
    }

    /** Height of a label line under a cell, in pixels. */
    public static final int LABEL_HEIGHT = 14;
    public static final int MAX_TILES = 256;
    private static final int LABEL_COLOUR = 0xff303030;

    private ImageGrid() {}

    public static int columns(int count) {
        return (int) Math.ceil(Math.sqrt(count));
    }

    public static int rows(int count) {
        return (count + columns(count) - 1) / columns(count);
    }

    public static BufferedImage tile(List<Tile> tiles, Layout layout) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one image");
        }
        if (tiles.size() > MAX_TILES) {
            throw new IllegalArgumentException("a grid holds at most " + MAX_TILES + " images, got " + tiles.size());
        }
        int cellW = tiles.stream().mapToInt(t -> t.image().getWidth()).max().orElseThrow();
        int cellH = tiles.stream().mapToInt(t -> t.image().getHeight()).max().orElseThrow();
        int labelH = layout.labels() ? LABEL_HEIGHT : 0;
        int cols = columns(tiles.size());
        int rows = rows(tiles.size());
        int gap = layout.gap();
        BufferedImage grid = new BufferedImage(cols * cellW + (cols + 1) * gap, rows * (cellH + labelH) + (rows + 1) * gap,
                BufferedImage.TYPE_INT_ARGB);
        int[] background = new int[grid.getWidth()];
        java.util.Arrays.fill(background, layout.background());
        for (int y = 0; y < grid.getHeight(); y++) {
            grid.setRGB(0, y, grid.getWidth(), 1, background, 0, grid.getWidth());
        }
        for (int i = 0; i < tiles.size(); i++) {
            int x = gap + (i % cols) * (cellW + gap);
            int y = gap + (i / cols) * (cellH + labelH + gap);
            // Copied pixel for pixel (no drawImage scaling or blending): a cell is its image exactly.
            BufferedImage image = tiles.get(i).image();
            grid.setRGB(x, y, image.getWidth(), image.getHeight(),
                    image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()), 0,
                    image.getWidth());
            if (layout.labels()) {
                drawLabel(grid, tiles.get(i).label(), x, y + cellH, cellW);
            }
        }
        return grid;
    }

    /** The label centred under its cell: digits 2 pixels a dot where they fit, else 1, cut to the cell's width. */
    private static void drawLabel(BufferedImage grid, String label, int x, int top, int width) {
        int size = PixelDigits.width(label, 2) <= width ? 2 : 1;
        String text = label;
        while (!text.isEmpty() && PixelDigits.width(text, size) > width) {
            text = text.substring(0, text.length() - 1);
        }
        int textTop = top + (LABEL_HEIGHT - PixelDigits.HEIGHT * size) / 2;
        PixelDigits.draw(grid, text, x + (width - PixelDigits.width(text, size)) / 2, textTop, size, LABEL_COLOUR);
    }
}
