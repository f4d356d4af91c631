import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Draws Tessera's icon, packaging/tessera.png: a mosaic of 4 × 4 tiles in four 2 × 2 blocks, three
 * blocks finished and the last still noise, the way ACDiT fills an image block by block.
 * Run from the repository root: {@code java packaging/MakeIcon.java} (the same pixels every time).
 */
public final class MakeIcon {

    private static final int SIZE = 256;

    public static void main(String[] args) throws Exception {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x2b2f3a), SIZE, SIZE, new Color(0x14161c)));
        g.fill(new RoundRectangle2D.Double(8, 8, SIZE - 16, SIZE - 16, 56, 56));

        Color[][] finished = {
            {new Color(0xf9c74f), new Color(0xf8961e), new Color(0xf3722c), new Color(0xf94144)},
            {new Color(0x90be6d), new Color(0xf9c74f), new Color(0xf8961e), new Color(0xf3722c)},
            {new Color(0x43aa8b), new Color(0x90be6d), null, null},
            {new Color(0x4d908e), new Color(0x577590), null, null},
        };
        SplittableRandom noise = new SplittableRandom(20);
        int margin = 36;
        int gap = 8;
        int tile = (SIZE - 2 * margin - 3 * gap) / 4;
        for (int row = 0; row < 4; row++) {
            for (int col = 0; col < 4; col++) {
                int x = margin + col * (tile + gap) + (col >= 2 ? 4 : 0);
                int y = margin + row * (tile + gap) + (row >= 2 ? 4 : 0);
                Color c = finished[row][col];
                if (c != null) {
                    g.setColor(c);
                    g.fill(new RoundRectangle2D.Double(x, y, tile, tile, 12, 12));
                } else {
                    drawNoise(g, noise, x, y, tile);
                }
            }
        }
        g.setColor(new Color(255, 255, 255, 40));
        g.setStroke(new BasicStroke(3));
        g.draw(new RoundRectangle2D.Double(9.5, 9.5, SIZE - 19, SIZE - 19, 54, 54));
        g.dispose();
        File out = new File(args.length > 0 ? args[0] : "packaging/tessera.png");
        if (!ImageIO.write(image, "png", out)) {
            throw new IllegalStateException("no PNG writer");
        }
        System.out.println("wrote " + out);
    }

    /** A tile that is still being denoised: grey speckles, clipped to the tile's rounded square. */
    private static void drawNoise(Graphics2D g, SplittableRandom noise, int x, int y, int tile) {
        Graphics2D clip = (Graphics2D) g.create();
        clip.clip(new RoundRectangle2D.Double(x, y, tile, tile, 12, 12));
        int cell = 5;
        for (int dy = 0; dy < tile; dy += cell) {
            for (int dx = 0; dx < tile; dx += cell) {
                int v = 70 + noise.nextInt(120);
                clip.setColor(new Color(v, v, v + noise.nextInt(20)));
                clip.fillRect(x + dx, y + dy, cell, cell);
            }
        }
        clip.dispose();
    }
}
