package dev.tessera.generation.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceImagesTest {

    @TempDir
    Path dir;

    private Path png(BufferedImage image, String name) throws IOException {
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void aPictureOfTheModelsSizeComesBackPixelForPixel() throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, (x * 31) << 16 | (y * 29) << 8 | ((x + y) * 13));
            }
        }
        float[] chw = SourceImages.read(png(image, "same.png"), 8);
        BufferedImage back = ChwImages.toImage(chw, 8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void theCentredSquareIsAreaAveragedAndAlphaGoesOnWhite() throws IOException {
        // 6 wide, 2 high: the centred 2×2 square is columns 2-3; columns 0-1 and 4-5 are cut off.
        BufferedImage image = new BufferedImage(6, 2, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 6; x++) {
                image.setRGB(x, y, 0xFF000000); // opaque black
            }
        }
        image.setRGB(2, 0, 0x00000000); // one transparent pixel of the square: white
        float[] chw = SourceImages.read(png(image, "wide.png"), 1);
        // One output pixel: the mean of three black pixels and one white = 63.75 → 64.
        for (int c = 0; c < 3; c++) {
            assertEquals(64 / 127.5f - 1f, chw[c], 1e-6);
        }
    }

    @Test
    void unreadableFilesAreNamedInTheError() throws IOException {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SourceImages.read(text, 8));
        assertTrue(bad.getMessage().startsWith(text + ": not a readable image"), bad.getMessage());
        Path missing = dir.resolve("missing.png");
        IllegalArgumentException gone = assertThrows(IllegalArgumentException.class, () -> SourceImages.read(missing, 8));
        assertEquals(missing + ": no such image file", gone.getMessage());
    }
}
