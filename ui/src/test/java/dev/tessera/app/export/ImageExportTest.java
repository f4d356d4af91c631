package dev.tessera.app.export;

import static dev.tessera.app.export.TestPictures.noisy;
import static dev.tessera.app.export.TestPictures.ringOnWhite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.png.PngTextChunks;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageExportTest {

    @TempDir Path dir;

    static Recipe recipe(long seed, int index, int size) {
        return new Recipe(Recipe.VERSION, "cat face", "twitter", seed, 3, 4, 1, "dpm++2m", "acdit-default", "0123456789",
                32, 32, new Recipe.Batch(index, size));
    }

    private Path recipePng(String name, BufferedImage image, Recipe recipe) throws IOException {
        Path file = dir.resolve(name);
        RecipePng.write(file, image, recipe);
        return file;
    }

    @Test
    void x8ExportIs256SquareEachPixelItsSourcePixelAndKeepsTheRecipeChunks() throws Exception {
        BufferedImage source = noisy(3);
        Path png = recipePng("7-cat-face.png", source, recipe(7, 0, 1));
        Path out = ImageExport.image(png, ExportOptions.scaled(ExportScale.X8), dir.resolve("out/7-cat-face-x8"));

        assertEquals(dir.resolve("out/7-cat-face-x8.png"), out, "the extension is added");
        BufferedImage exported = ImageIO.read(out.toFile());
        assertEquals(256, exported.getWidth());
        assertEquals(256, exported.getHeight());
        for (int r = 0; r < 256; r++) {
            for (int c = 0; c < 256; c++) {
                assertEquals(source.getRGB(c / 8, r / 8) | 0xff000000, exported.getRGB(c, r), "pixel " + r + "," + c);
            }
        }
        Map<String, String> before = PngTextChunks.read(Files.readAllBytes(png));
        Map<String, String> after = PngTextChunks.read(Files.readAllBytes(out));
        assertEquals(before.get(Recipe.A1111_CHUNK), after.get(Recipe.A1111_CHUNK));
        assertEquals(recipe(7, 0, 1), RecipePng.readRecipe(out).orElseThrow());
    }

    @Test
    void x1ExportIsThePictureItself() throws Exception {
        BufferedImage source = noisy(9);
        Path out = ImageExport.image(recipePng("a.png", source, recipe(1, 0, 1)), ExportOptions.scaled(ExportScale.X1),
                dir.resolve("b.png"));
        BufferedImage exported = ImageIO.read(out.toFile());
        assertEquals(32, exported.getWidth());
        assertEquals(source.getRGB(5, 6) | 0xff000000, exported.getRGB(5, 6));
    }

    @Test
    void borderConnectedWhiteGoesTransparentAndTheEnclosedHoleStaysOpaque() {
        BufferedImage cut = TransparentBackground.apply(ringOnWhite(), TransparentBackground.DEFAULT_TOLERANCE);
        assertEquals(0, alpha(cut, 3, 3), "background");
        assertEquals(0, alpha(cut, 0, 0), "near-white background within the tolerance");
        assertEquals(0, alpha(cut, 31, 20), "background at the far border");
        assertEquals(255, alpha(cut, 10, 10), "the ring");
        assertEquals(255, alpha(cut, 15, 15), "the white hole inside the ring");
        assertEquals(0xffffff, cut.getRGB(15, 15) & 0xffffff);

        BufferedImage strict = TransparentBackground.apply(ringOnWhite(), 0);
        assertEquals(255, alpha(strict, 0, 0), "tolerance 0 keeps the off-white corner");
        assertEquals(0, alpha(strict, 3, 3));
    }

    @Test
    void transparentX4ExportCutsAtModelPixelsThenEnlarges() throws Exception {
        Path png = recipePng("ring.png", ringOnWhite(), recipe(2, 0, 1));
        Path out = ImageExport.image(png, new ExportOptions(ExportScale.X4, true, 24), dir.resolve("ring-x4.png"));
        BufferedImage exported = ImageIO.read(out.toFile());
        assertEquals(128, exported.getWidth());
        assertEquals(0, alpha(exported, 13, 13));
        assertEquals(255, alpha(exported, 15 * 4 + 3, 15 * 4 + 3), "the hole, enlarged, stays opaque");
        assertTrue(RecipePng.readA1111(out).isPresent(), "the parameters chunk survives");
    }

    @Test
    void gridOfFourX1ImagesIsTwoByTwoWithGapsAndCarriesTheFirstRecipe() throws Exception {
        List<Path> batch = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(noisy(i * 40));
            batch.add(recipePng("b" + i + ".png", images.get(i), recipe(10 + i, i, 4)));
        }
        Path out = ImageExport.grid(batch, ExportOptions.scaled(ExportScale.X1), false, dir.resolve("grid.png"));
        BufferedImage grid = ImageIO.read(out.toFile());
        int gap = ImageGrid.Layout.DEFAULT_GAP;
        assertEquals(2 * 32 + 3 * gap, grid.getWidth());
        assertEquals(2 * 32 + 3 * gap, grid.getHeight());
        // image 3 sits in the second row, second column
        assertEquals(images.get(3).getRGB(5, 7) | 0xff000000, grid.getRGB(2 * gap + 32 + 5, 2 * gap + 32 + 7));
        assertEquals(ImageGrid.Layout.LIGHT_GREY, grid.getRGB(0, 0), "the gap");
        assertEquals(10, RecipePng.readRecipe(out).orElseThrow().seed());

        Path labelled = ImageExport.grid(batch.subList(0, 3), ExportOptions.scaled(ExportScale.X4), true,
                dir.resolve("labelled.png"));
        BufferedImage withLabels = ImageIO.read(labelled.toFile());
        assertEquals(2 * 128 + 3 * gap, withLabels.getWidth(), "three tiles: two columns");
        assertEquals(2 * (128 + ImageGrid.LABEL_HEIGHT) + 3 * gap, withLabels.getHeight());
        int dark = 0;
        for (int y = gap + 128; y < gap + 128 + ImageGrid.LABEL_HEIGHT; y++) {
            for (int x = gap; x < gap + 128; x++) {
                dark += withLabels.getRGB(x, y) == 0xff303030 ? 1 : 0;
            }
        }
        assertTrue(dark > 20, "the seed is drawn under the first tile: " + dark + " label pixels");
    }

    @Test
    void differenceOfIdenticalPicturesIsBlackAndOfDifferentOnesAmplified() {
        ImageDifference same = ImageDifference.of(noisy(1), noisy(1), ImageDifference.DEFAULT_GAIN);
        assertEquals(0, same.meanAbsDelta());
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(0, same.image().getRGB(x, y) & 0xffffff);
            }
        }
        BufferedImage a = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        b.setRGB(0, 0, 0x030000); // red differs by 3 in one of six channel values
        ImageDifference diff = ImageDifference.of(a, b, 8);
        assertEquals(0x180000, diff.image().getRGB(0, 0) & 0xffffff);
        assertEquals(0.5, diff.meanAbsDelta(), 1e-12);
        assertEquals("mean |Δ| 0.50 of 255 (shown ×8)", diff.describe());
        assertThrows(IllegalArgumentException.class, () -> ImageDifference.of(a, noisy(0), 8));
    }

    @Test
    void badInputIsAClearError() throws Exception {
        IOException missing = assertThrows(IOException.class,
                () -> ImageExport.image(dir.resolve("none.png"), ExportOptions.scaled(ExportScale.X4), dir.resolve("o.png")));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        IOException notImage = assertThrows(IOException.class,
                () -> ImageExport.image(text, ExportOptions.scaled(ExportScale.X4), dir.resolve("o.png")));
        assertTrue(notImage.getMessage().contains("not an image"), notImage.getMessage());
        assertEquals("scale must be one of 1, 4 or 8, got \"3\"",
                assertThrows(IllegalArgumentException.class, () -> ExportScale.parse("3")).getMessage());
        assertEquals(ExportScale.X8, ExportScale.parse("×8"));
        assertThrows(IllegalArgumentException.class, () -> new ExportOptions(ExportScale.X1, true, 300));
        assertThrows(IllegalArgumentException.class, () -> ImageExport.grid(List.of(), ExportOptions.scaled(ExportScale.X1),
                false, dir.resolve("g.png")));
        assertTrue(Files.notExists(dir.resolve("o.png")), "nothing written");
    }

    @Test
    void suggestedNamesSayWhatTheExportIs() {
        Path source = Path.of("7-cat-face.png");
        assertEquals("7-cat-face-x8.png", ImageExport.suggestedName(source, ExportOptions.scaled(ExportScale.X8), false));
        assertEquals("7-cat-face-grid-x4-transparent.png",
                ImageExport.suggestedName(source, new ExportOptions(ExportScale.X4, true, 24), true));
    }

    private static int alpha(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) >>> 24;
    }
}
