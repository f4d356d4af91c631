package dev.tessera.app.export;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The images of one batch tiled into one picture: as square a grid as the count allows (columns =
 * ⌈√n⌉), every cell the size of the largest image, {@code gap} pixels between cells and around
 * them, and optionally a label line under each cell (e.g. its seed).
 */
public final class ImageGrid {

    /** A picture and its caption ("" for none). */
    public record Tile(BufferedImage image, String label) {
        public Tile {
            if (image == null) {
                throw new IllegalArgumentException("a grid tile needs an image");
            }
            label = label == null ? "" : label;
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
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(new Color(layout.background(), true));
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            for (int i = 0; i < tiles.size(); i++) {
                int x = gap + (i % cols) * (cellW + gap);
                int y = gap + (i / cols) * (cellH + labelH + gap);
                // Copied pixel for pixel (no drawImage scaling or blending): a cell is its image exactly.
                BufferedImage image = tiles.get(i).image();
                grid.setRGB(x, y, image.getWidth(), image.getHeight(),
                        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()), 0,
                        image.getWidth());
                if (layout.labels()) {
                    drawLabel(g, tiles.get(i).label(), x, y + cellH, cellW);
                }
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    /** The label centred under its cell, cut to the cell's width. */
    private static void drawLabel(Graphics2D g, String label, int x, int top, int width) {
        FontMetrics metrics = g.getFontMetrics();
        String text = label;
        while (!text.isEmpty() && metrics.stringWidth(text) > width) {
            text = text.substring(0, text.length() - 1);
        }
        g.setColor(new Color(0x303030));
        g.drawString(text, x + (width - metrics.stringWidth(text)) / 2, top + LABEL_HEIGHT - 3);
    }
}
