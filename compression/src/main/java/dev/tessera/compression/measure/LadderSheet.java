package dev.tessera.compression.measure;

import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A sample sheet of the ladder: one row per model (in ladder order, the original first), the same first
 * prompts and seeds in every column, each image enlarged by pixel repetition, so a row shows what its
 * compression did to the images next to the original's.
 */
public final class LadderSheet {

    private static final int GAP = 4;
    private static final int BACKGROUND = 0xffd8d8d8;

    private LadderSheet() {}

    /** Writes the sheet of the first {@code columns} images of every set (atomic PNG). */
    public static void write(Path file, List<ImageSet> rows, int columns, int scale) throws IOException {
        if (rows.isEmpty() || columns < 1 || scale < 1) {
            throw new IllegalArgumentException("a sheet needs rows, columns ≥ 1 and scale ≥ 1");
        }
        int count = Math.min(columns, rows.stream().mapToInt(ImageSet::count).min().orElseThrow());
        int cell = rows.get(0).size() * scale;
        BufferedImage sheet = new BufferedImage(GAP + count * (cell + GAP), GAP + rows.size() * (cell + GAP),
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < sheet.getHeight(); y++) {
            for (int x = 0; x < sheet.getWidth(); x++) {
                sheet.setRGB(x, y, BACKGROUND);
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            ImageSet set = rows.get(r);
            for (int c = 0; c < count; c++) {
                BufferedImage image = ChwImages.toImage(set.image(c), set.size(), scale);
                sheet.setRGB(GAP + c * (cell + GAP), GAP + r * (cell + GAP), cell, cell,
                        image.getRGB(0, 0, cell, cell, null, 0, cell), 0, cell);
            }
        }
        AtomicFiles.write(file, out -> ImageIO.write(sheet, "png", out));
    }
}
