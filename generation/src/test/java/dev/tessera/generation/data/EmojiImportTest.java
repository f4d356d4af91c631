package dev.tessera.generation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import of a small synthetic package: ordering, texts, pixel maths, determinism, round trip. */
class EmojiImportTest {

    @TempDir Path temp;

    private Path tarball() throws IOException {
        return SyntheticEmojiPackage.standard().writeTarball(temp.resolve("emoji-datasource-google-16.0.0.tgz"));
    }

    @Test
    void importsItemsInSortOrderWithSkinTonesAndTexts() throws IOException {
        EmojiImportResult result = EmojiImporter.importPackage(tarball(), EmojiStyle.GOOGLE, 32, temp.resolve("out"));

        EmojiSet set = result.set();
        assertEquals(List.of("1F600", "1F44B", "1F44B-1F3FD", "2764-FE0F"),
                set.items().stream().map(EmojiItem::unified).toList(), "sort_order, base before variant, no-art entry skipped");
        assertEquals("emoji-datasource-google@16.0.0", set.source());
        assertEquals("Apache-2.0", set.licence());
        EmojiItem variant = set.items().get(2);
        assertEquals("1F44B", variant.baseUnified());
        assertEquals(List.of("waving hand sign: medium skin tone", "wave: medium skin tone"), variant.promptTexts());
        assertEquals(List.of("heavy black heart", "heart", "red heart"), set.items().get(3).promptTexts());
        assertEquals("\u2764\uFE0F", set.items().get(3).text());
        assertEquals(temp.resolve("out/emoji-google-32.bin"), result.dataFile());
        assertEquals(Files.size(result.dataFile()), result.dataFileBytes());
        String licence = Files.readString(result.licenceFile(), StandardCharsets.UTF_8);
        assertTrue(licence.contains("Apache-2.0") && licence.contains("synthetic"), licence);
    }

    @Test
    void compositesAlphaOnWhite() throws IOException {
        EmojiSet set = EmojiImporter.derive(tarball(), EmojiStyle.GOOGLE, 32);
        // 1F44B: black at alpha 128 → 255·127/255 = 127 on white.
        assertEquals(0x7F7F7F, set.rgb(1, 5, 7));
        // Heart: left half opaque red, right half transparent green that must vanish into white.
        assertEquals(0xFF0000, set.rgb(3, 0, 0));
        assertEquals(0xFF0000, set.rgb(3, 15, 31));
        assertEquals(0xFFFFFF, set.rgb(3, 16, 0));
        assertEquals(0xFFFFFF, set.rgb(3, 31, 31));
        assertEquals(0x102030, set.rgb(2, 31, 0));
    }

    @Test
    void averagesWholeImageToOnePixel() throws IOException {
        EmojiSet set = EmojiImporter.derive(tarball(), EmojiStyle.GOOGLE, 1);
        // Half red, half white: (255, 127.5, 127.5) rounds half up.
        assertEquals(0xFF8080, set.rgb(3, 0, 0));
    }

    @Test
    void areaAveragingIsExactForSizesThatDoNotDivide64() throws IOException {
        int size = 3;
        EmojiSet set = EmojiImporter.derive(tarball(), EmojiStyle.GOOGLE, size);
        BufferedImage source = SyntheticEmojiPackage.gradient();
        // Reference by supersampling: split each source pixel into size×size sub-pixels,
        // then each output pixel is the plain mean of a 64×64 block of sub-pixels.
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double[] sum = new double[3];
                for (int sy = y * 64; sy < (y + 1) * 64; sy++) {
                    for (int sx = x * 64; sx < (x + 1) * 64; sx++) {
                        int rgb = source.getRGB(sx / size, sy / size);
                        sum[0] += rgb >> 16 & 0xFF;
                        sum[1] += rgb >> 8 & 0xFF;
                        sum[2] += rgb & 0xFF;
                    }
                }
                int expected = 0;
                for (int c = 0; c < 3; c++) {
                    expected = expected << 8 | (int) Math.floor(sum[c] / (64 * 64) + 0.5);
                }
                assertEquals(Integer.toHexString(expected), Integer.toHexString(set.rgb(0, x, y)), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void sameTarballGivesByteIdenticalFilesAndFolderMatchesTarball() throws IOException {
        Path tgz = tarball();
        Path first = EmojiImporter.importPackage(tgz, EmojiStyle.GOOGLE, 32, temp.resolve("a")).dataFile();
        Path second = EmojiImporter.importPackage(tgz, EmojiStyle.GOOGLE, 32, temp.resolve("b")).dataFile();
        Path folder = SyntheticEmojiPackage.standard().writeFolder(temp.resolve("unpacked"));
        Path fromFolder = EmojiImporter.importPackage(folder, EmojiStyle.GOOGLE, 32, temp.resolve("c")).dataFile();

        byte[] bytes = Files.readAllBytes(first);
        assertArrayEquals(bytes, Files.readAllBytes(second));
        assertArrayEquals(bytes, Files.readAllBytes(fromFolder));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, java.util.Arrays.copyOfRange(bytes, 4, 8), "gzip mtime must be 0");
    }

    @Test
    void writtenFileReadsBackToTheSameSet() throws IOException {
        Path tgz = tarball();
        EmojiSet derived = EmojiImporter.derive(tgz, EmojiStyle.GOOGLE, 16);
        Path file = EmojiImporter.importPackage(tgz, EmojiStyle.GOOGLE, 16, temp).dataFile();

        EmojiSet read = EmojiDataFile.read(file);
        assertEquals(derived.items(), read.items());
        assertArrayEquals(derived.pixels(), read.pixels());
        assertEquals(derived.style(), read.style());
        assertEquals(16, read.imageSize());
        assertEquals(derived.source(), read.source());
    }

    @Test
    void rejectsSizesOutside1To64() throws IOException {
        Path tgz = tarball();
        for (int size : new int[] {0, -3, 65}) {
            DataImportException e = assertThrows(DataImportException.class,
                    () -> EmojiImporter.importPackage(tgz, EmojiStyle.GOOGLE, size, temp.resolve("out")));
            assertTrue(e.getMessage().contains("size " + size), e.getMessage());
        }
        assertTrue(Files.notExists(temp.resolve("out")) || Files.list(temp.resolve("out")).findAny().isEmpty());
    }
}
