package dev.tessera.generation.eval;

import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A PNG contact sheet of evaluated images: each image upscaled with nearest neighbour (these are
 * 32×32 pictures), its prompt and style underneath, and the judge's verdict in green or red.
 */
public final class VerdictGrid {

    private static final int SCALE = 4;
    private static final int TEXT_HEIGHT = 48;
    private static final int COLUMNS = 8;

    private VerdictGrid() {}

    /** Writes the first {@code limit} images of the report as a grid. */
    public static void write(Path file, ImageSet images, ImageSetReport report, int limit) throws IOException {
        int count = Math.min(limit, images.count());
        int cell = images.size() * SCALE;
        int cellWidth = Math.max(cell, 150);
        int rows = (count + COLUMNS - 1) / COLUMNS;
        BufferedImage sheet = new BufferedImage(COLUMNS * cellWidth, rows * (cell + TEXT_HEIGHT), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i < count; i++) {
                int x = (i % COLUMNS) * cellWidth;
                int y = (i / COLUMNS) * (cell + TEXT_HEIGHT);
                g.drawImage(upscaled(images.image(i), images.size()), x + (cellWidth - cell) / 2, y, null);
                ImageVerdict v = report.verdicts().get(i);
                g.setColor(Color.DARK_GRAY);
                g.drawString(clip(v.prompt().prompt() + " (" + v.prompt().style().id() + ")", g, cellWidth - 4), x + 2, y + cell + 13);
                g.setColor(v.identityCorrect() ? new Color(0, 128, 0) : new Color(190, 0, 0));
                g.drawString(clip("judge: " + v.predictedEmoji(), g, cellWidth - 4), x + 2, y + cell + 27);
                g.setColor(v.styleCorrect() ? new Color(0, 128, 0) : new Color(190, 0, 0));
                g.drawString("style: " + v.predictedStyle() + (v.identityTop5() ? "  top-5 ✓" : "  top-5 ✗"), x + 2, y + cell + 41);
            }
        } finally {
            g.dispose();
        }
        AtomicFiles.write(file, out -> ImageIO.write(sheet, "png", out));
    }

    /** One CHW image in [-1, 1] as an RGB picture, each pixel a SCALE×SCALE square. */
    static BufferedImage upscaled(float[] chw, int size) {
        return ChwImages.toImage(chw, size, SCALE);
    }

    private static String clip(String text, Graphics2D g, int width) {
        if (g.getFontMetrics().stringWidth(text) <= width) {
            return text;
        }
        String clipped = text;
        while (clipped.length() > 1 && g.getFontMetrics().stringWidth(clipped + "…") > width) {
            clipped = clipped.substring(0, clipped.length() - 1);
        }
        return clipped + "…";
    }
}
