package dev.tessera.ensemble.afa;

import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.image.PixelText;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of one image's routing: rows are the aggregation points, columns a few denoising steps spread from the
 * first to the last, each cell the point's weight map at that step coloured by {@link RoutingColours} (every
 * map enlarged by whole pixels to the largest map's size); beside it the finished image and the colour key.
 */
public final class RoutingSheet {

    private static final int MARGIN = 8;
    /** Room for the longest point label, "downsample 2 (16 px)", at text scale 2. */
    private static final int LABEL = 168;
    private static final int GAP = 2;
    private static final int LINE = 16;
    private static final int TEXT = 2;
    private static final int MIN_CELL = 24;
    private static final int INK = 0x404040;
    private static final int IMAGE_SCALE = 4;

    private RoutingSheet() {}

    /** The indices of {@code count} steps spread evenly over {@code steps}, the first and the last included. */
    public static int[] columns(int steps, int count) {
        int n = Math.min(steps, count);
        int[] columns = new int[n];
        for (int c = 0; c < n; c++) {
            columns[c] = n == 1 ? steps - 1 : (int) Math.round((double) c * (steps - 1) / (n - 1));
        }
        return columns;
    }

    /**
     * Draws the sheet of a one-image {@code trace} whose finished image (CHW in [-1, 1], {@code size} pixels)
     * is {@code image}; {@code title} goes on top.
     */
    public static BufferedImage draw(RoutingTrace trace, float[] image, int size, String title, int columnCount) {
        if (trace.images() != 1 || trace.steps().isEmpty()) {
            throw new IllegalArgumentException("a sheet shows one image's recorded steps");
        }
        int[] columns = columns(trace.steps().size(), columnCount);
        int largest = trace.steps().get(0).maps().stream().mapToInt(RoutingTrace.PointMap::size).max().orElseThrow();
        int cell = largest * Math.max(1, (MIN_CELL + largest - 1) / largest); // whole pixels, at least MIN_CELL

        int points = trace.points().size();
        int gridLeft = MARGIN + LABEL;
        int gridTop = MARGIN + 2 * LINE + 2;
        int imageLeft = gridLeft + columns.length * (cell + GAP) + 2 * MARGIN;
        int imageSide = size * IMAGE_SCALE;
        int keyWidth = Math.max(imageSide, trace.experts().stream()
                .mapToInt(e -> PixelText.width("100 % " + e, TEXT)).max().orElse(0));
        int width = imageLeft + keyWidth + MARGIN;
        int height = Math.max(gridTop + points * (cell + GAP), gridTop + imageSide + (4 + trace.experts().size()) * LINE)
                + MARGIN;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            PixelText.draw(sheet, PixelText.fitting(title, width - 2 * MARGIN, TEXT), MARGIN, MARGIN, TEXT, INK);
            PixelText.draw(sheet, "timestep t", MARGIN, MARGIN + LINE, TEXT, INK);
            for (int c = 0; c < columns.length; c++) {
                String t = String.format(Locale.ROOT, "%.0f", trace.steps().get(columns[c]).timestep());
                PixelText.draw(sheet, t, gridLeft + c * (cell + GAP) + (cell - PixelText.width(t, TEXT)) / 2,
                        MARGIN + LINE, TEXT, INK);
            }
            for (int k = 0; k < points; k++) {
                int y = gridTop + k * (cell + GAP);
                String label = trace.points().get(k) + " (" + trace.steps().get(0).maps().get(k).size() + " px)";
                PixelText.draw(sheet, label, MARGIN, y + (cell - PixelText.height(TEXT)) / 2, TEXT, INK);
                for (int c = 0; c < columns.length; c++) {
                    g.drawImage(heatMap(trace.steps().get(columns[c]).maps().get(k), cell), gridLeft + c * (cell + GAP), y,
                            null);
                }
            }
            g.drawImage(ChwImages.toImage(image, size, IMAGE_SCALE), imageLeft, gridTop, null);
            key(sheet, g, trace.experts(), imageLeft, gridTop + imageSide + LINE, keyWidth);
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Writes {@link #draw} as a PNG, atomically. */
    public static void write(Path file, RoutingTrace trace, float[] image, int size, String title, int columnCount)
            throws IOException {
        BufferedImage sheet = draw(trace, image, size, title, columnCount);
        AtomicFiles.write(file, out -> ImageIO.write(sheet, "png", out));
    }

    /** One image's map as a picture {@code side} pixels wide, each weight a whole-pixel square. */
    public static BufferedImage heatMap(RoutingTrace.PointMap map, int side) {
        BufferedImage heat = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                heat.setRGB(x, y, RoutingColours.of(map.pixel(0, y * map.size() / side, x * map.size() / side)));
            }
        }
        return heat;
    }

    /** The colour key: a bar from the first expert to the second (two experts), or one swatch per expert. */
    private static void key(BufferedImage sheet, Graphics2D g, List<String> experts, int left, int top, int width) {
        if (experts.size() == 2) {
            for (int x = 0; x < width; x++) {
                g.setColor(new Color(RoutingColours.ofFirst(1 - (float) x / (width - 1))));
                g.drawLine(left + x, top, left + x, top + 12);
            }
            g.setColor(new Color(INK));
            g.drawRect(left, top, width - 1, 12);
            PixelText.draw(sheet, "100 % " + experts.get(0), left, top + 12 + LINE / 2, TEXT, RoutingColours.expert(0));
            String even = "50 / 50";
            PixelText.draw(sheet, even, left + (width - PixelText.width(even, TEXT)) / 2, top + 12 + 3 * LINE / 2, TEXT, INK);
            String second = "100 % " + experts.get(1);
            PixelText.draw(sheet, second, left + width - PixelText.width(second, TEXT), top + 12 + 5 * LINE / 2, TEXT,
                    RoutingColours.expert(1));
            return;
        }
        for (int e = 0; e < experts.size(); e++) {
            int y = top + e * LINE;
            g.setColor(new Color(RoutingColours.expert(e)));
            g.fillRect(left, y, 10, 10);
            PixelText.draw(sheet, experts.get(e), left + 14, y, TEXT, INK);
        }
        PixelText.draw(sheet, "white: equal", left, top + experts.size() * LINE, TEXT, INK);
    }
}
