package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --scale}: PNGs enlarged by nearest neighbour, still carrying their recipe. */
class GenerateScaleCliTest {

    @TempDir Path dir;

    @Test
    void scaleEightWritesEnlargedPngsWithTheirRecipeAndOtherScalesAreRefused() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(16, 4));
        CliRun plain = CliRun.of("generate", "--model", model.toString(), "--prompt", "cat face", "--steps", "1",
                "--seed", "3", "--quiet", "--out", dir.resolve("plain").toString());
        assertEquals(0, plain.exit(), plain.err());
        CliRun big = CliRun.of("generate", "--model", model.toString(), "--prompt", "cat face", "--steps", "1",
                "--seed", "3", "--quiet", "--scale", "8", "--out", dir.resolve("big").toString());
        assertEquals(0, big.exit(), big.err());

        BufferedImage small = ImageIO.read(only(dir.resolve("plain")).toFile());
        Path bigFile = only(dir.resolve("big"));
        BufferedImage large = ImageIO.read(bigFile.toFile());
        assertEquals(16, small.getWidth());
        assertEquals(128, large.getWidth());
        assertEquals(128, large.getHeight());
        for (int r = 0; r < 128; r++) {
            for (int c = 0; c < 128; c++) {
                assertEquals(small.getRGB(c / 8, r / 8), large.getRGB(c, r), "pixel " + r + "," + c);
            }
        }
        assertEquals(3, RecipePng.readRecipe(bigFile).orElseThrow().seed());
        assertTrue(RecipePng.readA1111(bigFile).isPresent());

        CliRun odd = CliRun.of("generate", "--model", model.toString(), "--prompt", "cat face", "--steps", "1",
                "--scale", "3", "--out", dir.resolve("odd").toString());
        assertEquals(2, odd.exit());
        assertTrue(odd.err().contains("--scale of images: scale must be one of 1, 4 or 8, got \"3\""), odd.err());
    }

    private static Path only(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> pngs = files.filter(f -> f.toString().endsWith(".png")).toList();
            assertEquals(1, pngs.size(), pngs.toString());
            return pngs.get(0);
        }
    }
}
