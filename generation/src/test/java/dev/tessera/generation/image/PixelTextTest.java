package dev.tessera.generation.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The 3×5 pixel font: sizes, cutting to a width, and the pixels of a glyph. */
class PixelTextTest {

    @Test
    void widthsAndCutting() {
        assertEquals(0, PixelText.width("", 2));
        assertEquals((3 * 4 - 1) * 2, PixelText.width("abc", 2));
        assertEquals("abc", PixelText.fitting("abc", 22, 2));
        String cut = PixelText.fitting("a long prompt", 60, 2);
        assertTrue(cut.endsWith("..") && PixelText.width(cut, 2) <= 60, cut);
    }

    @Test
    void drawsTheGlyphsPixelsAndUnknownCharactersAsAQuestionMark() {
        BufferedImage image = new BufferedImage(16, 6, BufferedImage.TYPE_INT_RGB);
        PixelText.draw(image, "l€", 0, 0, 1, 0xff0000);
        // L: the left column all ink, the bottom row all ink, (1, 0) blank.
        for (int y = 0; y < 5; y++) {
            assertEquals(0xff0000, image.getRGB(0, y) & 0xffffff, "L's stem at row " + y);
        }
        assertEquals(0xff0000, image.getRGB(2, 4) & 0xffffff);
        assertEquals(0, image.getRGB(1, 0) & 0xffffff);
        // '?' (7, 1, 2, 0, 2) four pixels right: the top row full, the fourth row blank.
        assertEquals(0xff0000, image.getRGB(4, 0) & 0xffffff);
        assertEquals(0xff0000, image.getRGB(6, 0) & 0xffffff);
        assertEquals(0, image.getRGB(5, 3) & 0xffffff);
        assertEquals(0xff0000, image.getRGB(5, 4) & 0xffffff);
        PixelText.draw(image, "zzzz", 14, 4, 1, 0x00ff00); // off the edge: clipped, no exception
    }
}
