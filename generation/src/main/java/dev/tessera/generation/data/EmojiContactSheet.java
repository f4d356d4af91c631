package dev.tessera.generation.data;

import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** A grid of randomly chosen images of a set, upscaled with nearest neighbour, for eyeballing the data. */
public final class EmojiContactSheet {

    private EmojiContactSheet() {
    }

    /**
     * Renders {@code columns × rows} distinct items picked with a seeded generator (all items if the set
     * is smaller), each pixel drawn as a {@code scale × scale} square.
     */
    public static BufferedImage render(EmojiSet set, int columns, int rows, int scale, long seed) {
        if (columns < 1 || rows < 1 || scale < 1) {
            throw new IllegalArgumentException("columns, rows and scale must be positive");
        }
        int[] picks = pick(set.count(), Math.min(columns * rows, set.count()), seed);
        int cell = set.imageSize() * scale;
        BufferedImage sheet = new BufferedImage(columns * cell, rows * cell, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < sheet.getHeight(); y++) {
            for (int x = 0; x < sheet.getWidth(); x++) {
                sheet.setRGB(x, y, 0xFFFFFF);
            }
        }
        for (int k = 0; k < picks.length; k++) {
            int left = (k % columns) * cell;
            int top = (k / columns) * cell;
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < cell; x++) {
                    sheet.setRGB(left + x, top + y, set.rgb(picks[k], x / scale, y / scale));
                }
            }
        }
        return sheet;
    }

    /** Writes the sheet as a PNG atomically. */
    public static void writePng(BufferedImage sheet, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(sheet, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** The first {@code count} entries of a seeded permutation of 0..n-1: distinct, reproducible. */
    private static int[] pick(int n, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return java.util.Arrays.copyOf(order, count);
    }
}
