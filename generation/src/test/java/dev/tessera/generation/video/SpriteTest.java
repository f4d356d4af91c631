package dev.tessera.generation.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiSet;
import dev.tessera.generation.data.EmojiStyle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sprites shrunk from the 32 px art to any side by area averaging. */
class SpriteTest {

    private static EmojiSet art;

    @BeforeAll
    static void load() {
        art = EmojiDataset.loadBundled(EmojiStyle.GOOGLE).sets().get(0);
    }

    @Test
    void theDefaultHalvesByAveragingEachTwoByTwoBlock() {
        for (int i = 0; i < 40; i++) {
            Sprite full = Sprite.cutOut(art, i, art.imageSize());
            int side = art.imageSize() / 2;
            byte[] expected = new byte[side * side * 4];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    for (int c = 0; c < 4; c++) {
                        int sum = 0;
                        for (int d = 0; d < 4; d++) {
                            sum += full.rgba()[((2 * y + d / 2) * full.side() + 2 * x + d % 2) * 4 + c] & 0xFF;
                        }
                        expected[(y * side + x) * 4 + c] = (byte) Math.round(sum / 4.0);
                    }
                }
            }
            assertArrayEquals(expected, Sprite.cutOut(art, i).rgba(), "item " + i);
        }
    }

    @Test
    void everySideKeepsTheArtsCoverage() {
        // Footprints tile the art exactly, so the mean alpha is the share of opaque art pixels at any side
        // (up to rounding each texel to a byte).
        for (int i = 0; i < 40; i++) {
            double full = Sprite.cutOut(art, i, art.imageSize()).coverage();
            for (int side : new int[] {12, 16, 20, 24, 28}) {
                assertEquals(full, Sprite.cutOut(art, i, side).coverage(), 0.5 / 255 + 1e-9, "item " + i + ", side " + side);
            }
        }
    }

    @Test
    void atFullSizeEveryTexelIsOneArtPixel() {
        Sprite sprite = Sprite.cutOut(art, 0, art.imageSize());
        assertEquals(art.imageSize(), sprite.side());
        for (int i = 3; i < sprite.rgba().length; i += 4) {
            int alpha = sprite.rgba()[i] & 0xFF;
            assertTrue(alpha == 0 || alpha == 255, "alpha " + alpha);
        }
    }

    @Test
    void aPictureAsTheModelsMakeItCutsOutAsItsArtDoes() {
        int size = art.imageSize();
        int plane = size * size;
        for (int i = 0; i < 40; i++) {
            float[] chw = new float[3 * plane];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = art.rgb(i, x, y);
                    for (int c = 0; c < 3; c++) {
                        chw[c * plane + y * size + x] = (rgb >> (16 - 8 * c) & 0xFF) / 127.5f - 1;
                    }
                }
            }
            assertArrayEquals(Sprite.cutOut(art, i, 16).rgba(), Sprite.cutOut(chw, size, 16).rgba(), "item " + i);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sprite.cutOut(new float[3 * plane - 1], size, 16));
        assertTrue(e.getMessage().contains("holds " + 3 * plane), e.getMessage());
    }

    @Test
    void aSideOutsideTheArtIsRefused() {
        for (int side : new int[] {0, -4, art.imageSize() + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sprite.cutOut(art, 0, side));
            assertTrue(e.getMessage().contains("not " + side), e.getMessage());
        }
    }
}
