package dev.tessera.app.export;

import java.awt.image.BufferedImage;

/** Constructed 32×32 pictures whose pixels a test can predict. */
public final class TestPictures {

    private TestPictures() {}

    /** Every pixel differs from its neighbours, so a wrong mapping shows. */
    public static BufferedImage noisy(int seed) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, (x * 7 + seed) << 16 | (y * 5 + seed) << 8 | ((x * y + seed) & 0xff));
            }
        }
        return image;
    }

    /**
     * An emoji-like picture on white: a dark ring (rows and columns 8..23) around a white hole
     * (12..19), and a near-white top-left corner pixel (model white is seldom exactly 255).
     */
    public static BufferedImage ringOnWhite() {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean ring = x >= 8 && x <= 23 && y >= 8 && y <= 23 && !(x >= 12 && x <= 19 && y >= 12 && y <= 19);
                image.setRGB(x, y, ring ? 0x101010 : 0xffffff);
            }
        }
        image.setRGB(0, 0, 0xf0f4f2);
        return image;
    }
}
