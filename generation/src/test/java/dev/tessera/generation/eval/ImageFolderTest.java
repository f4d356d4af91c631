package dev.tessera.generation.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    private static EmojiDataset data;
    private static PromptCatalogue catalogue;
    private static RealImages real;

    @TempDir Path folder;

    @BeforeAll
    static void load() {
        data = EmojiDataset.loadBundled();
        catalogue = new PromptCatalogue(data);
        real = new RealImages(data);
    }

    private ImageSet sample(int n) {
        return real.imageSet(RealImages.draw(real.heldOut(null), n, 3));
    }

    @Test
    void roundTripsImagesAndPrompts() throws IOException {
        ImageSet written = sample(5);
        ImageFolder.write(written, folder);
        ImageSet read = ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32);
        assertEquals(5, read.count());
        for (int i = 0; i < 5; i++) {
            assertEquals(written.prompts().get(i).emoji(), read.prompts().get(i).emoji());
            assertEquals(written.prompts().get(i).style(), read.prompts().get(i).style());
            // PNG stores 8 bits: the round trip is exact to half a grey level
            float[] a = written.image(i), b = read.image(i);
            for (int p = 0; p < a.length; p++) {
                assertEquals(a[p], b[p], 1.0 / 255 + 1e-6);
            }
        }
    }

    @Test
    void emptyFolderIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32));
        assertTrue(e.getMessage().contains("no PNG images"), e.getMessage());
    }

    @Test
    void wrongImageSizeNamesTheFile() throws IOException {
        ImageFolder.write(sample(2), folder);
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", folder.resolve("00001.png").toFile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32));
        assertTrue(e.getMessage().contains("00001.png") && e.getMessage().contains("64×64"), e.getMessage());
    }

    @Test
    void unknownPromptIsRejectedWithItsText() throws IOException {
        ImageFolder.write(sample(2), folder);
        Files.writeString(folder.resolve("prompts.json"), "[{\"file\":\"00000.png\",\"prompt\":\"a purple spaceship\",\"style\":\"google\"},"
                + "{\"file\":\"00001.png\",\"prompt\":\"cat face\",\"style\":\"twitter\"}]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32));
        assertTrue(e.getMessage().contains("a purple spaceship") && e.getMessage().contains("00000.png"), e.getMessage());
    }

    @Test
    void imageWithoutPromptAndPromptWithoutImageAreErrors() throws IOException {
        ImageFolder.write(sample(2), folder);
        Files.writeString(folder.resolve("prompts.json"), "[{\"file\":\"00000.png\",\"prompt\":\"cat face\",\"style\":\"google\"}]");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32)).getMessage().contains("00001.png"));
        Files.writeString(folder.resolve("prompts.json"), "[{\"file\":\"00000.png\",\"prompt\":\"cat face\",\"style\":\"google\"},"
                + "{\"file\":\"00001.png\",\"prompt\":\"cat face\",\"style\":\"google\"},"
                + "{\"file\":\"99999.png\",\"prompt\":\"cat face\",\"style\":\"google\"}]");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32)).getMessage().contains("99999.png"));
    }

    @Test
    void corruptPngAndBadJsonAndUnknownStyleAreErrors() throws IOException {
        ImageFolder.write(sample(1), folder);
        Files.writeString(folder.resolve("prompts.json"), "[{\"file\":\"00000.png\",\"prompt\":\"cat face\",\"style\":\"comic\"}]");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32)).getMessage().contains("comic"));
        Files.writeString(folder.resolve("prompts.json"), "{not json");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32)).getMessage().contains("not valid JSON"));
        Files.writeString(folder.resolve("prompts.json"), "[{\"file\":\"00000.png\",\"prompt\":\"cat face\",\"style\":\"google\"}]");
        Files.write(folder.resolve("00000.png"), new byte[] {1, 2, 3});
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32)).getMessage().contains("not a readable PNG"));
    }

    @Test
    void transparentPixelsBecomeWhite() throws IOException {
        BufferedImage clear = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        ImageIO.write(clear, "png", folder.resolve("a.png").toFile());
        Files.writeString(folder.resolve("prompts.json"), "[{\"file\":\"a.png\",\"prompt\":\"cat face\",\"style\":\"google\"}]");
        ImageSet read = ImageFolder.read(folder, folder.resolve("prompts.json"), catalogue, 32);
        float[] ones = new float[3 * 32 * 32];
        java.util.Arrays.fill(ones, 1f);
        assertArrayEquals(ones, read.image(0), 1e-6f);
    }
}
