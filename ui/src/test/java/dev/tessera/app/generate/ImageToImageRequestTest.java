package dev.tessera.app.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import dev.tessera.app.history.HistoryEntry;
import dev.tessera.app.history.Replay;
import dev.tessera.app.png.A1111Parameters;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.image.SourceImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image to image through the app: request rules, the recipe (version 4), replay, and the CLI's
 * {@code --init-image}, {@code --strength} and {@code --keep-blocks}, on a tiny 16×16 model of 2×2 blocks.
 */
class ImageToImageRequestTest {

    private static final RequestText TEXT = new RequestText("cat face", "google", "7", "3", "4", "1", "ddim", "2");

    @TempDir Path dir;

    /** A 40×30 picture: its centred 30×30 square is resized to the model's 16×16. */
    private Path picture(String name) throws IOException {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | (x < 20 ? 40 : 220));
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static Optional<String> problem(RequestText text) {
        return text.check().messages().stream().findFirst();
    }

    @Test
    void badImageToImageSettingsAreRefusedWithTheFieldsName() throws IOException {
        String image = picture("src.png").toString();
        assertEquals(Optional.of("Strength must be more than 0 and at most 1, the fraction of the steps run again (got 0)."),
                problem(TEXT.withInit(image, "0", "")));
        assertEquals(Optional.of("Strength must be more than 0 and at most 1, the fraction of the steps run again (got 1.5)."),
                problem(TEXT.withInit(image, "1.5", "")));
        assertEquals(Optional.of("Strength must be a number such as 0.6 (got \"lots\")."),
                problem(TEXT.withInit(image, "lots", "")));
        assertEquals(Optional.of("Keep blocks needs an init image to take the blocks from."),
                problem(TEXT.withInit("", "", "0,3")));
        assertEquals(Optional.of("Strength needs an init image; without one every step runs."),
                problem(TEXT.withInit("", "0.5", "")));
        assertEquals(Optional.of("Keep blocks must be block numbers from 0, e.g. 0,3 (got \"0,-1\")."),
                problem(TEXT.withInit(image, "", "0,-1")));
        Path notes = dir.resolve("notes.png");
        Files.writeString(notes, "not a picture");
        assertEquals(Optional.of("Init image " + notes + ": not a readable image (PNG, JPEG, GIF or BMP)"),
                problem(TEXT.withInit(notes.toString(), "", "")));
        assertEquals(Optional.of("Init image " + dir.resolve("gone.png") + ": no such image file"),
                problem(TEXT.withInit(dir.resolve("gone.png").toString(), "", "")));

        GenerationRequest ok = TEXT.withInit(image, "", "3 0").check().request().orElseThrow();
        assertEquals(InitImage.DEFAULT_STRENGTH, ok.init().strength());
        assertEquals(List.of(0, 3), ok.init().keptBlocks());
        assertNull(TEXT.check().request().orElseThrow().init(), "no init image: text to image");
    }

    @Test
    void keptBlocksComeOutAsTheSourcesPixelsAndTheRecipeReplays() throws Exception {
        Path modelFile = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        Path source = picture("src.png");
        GenerationRequest request = TEXT.withInit(source.toString(), "0.6", "0,3").check().request().orElseThrow();
        try (GenerationService service = GenerationService.open(modelFile)) {
            List<Path> files = service.renderToFolder(request, dir.resolve("out"), BlockListener.NONE,
                    CancellationToken.none());
            BufferedImage expected = ChwImages.toImage(SourceImages.read(source, 16), 16);
            for (Path file : files) {
                BufferedImage made = ImageIO.read(file.toFile());
                // Block 0 is the top-left 8×8 pixels, block 3 the bottom-right; 1 and 2 are generated.
                assertArrayEquals(rgb(expected, 0, 0), rgb(made, 0, 0), file + " block 0");
                assertArrayEquals(rgb(expected, 8, 8), rgb(made, 8, 8), file + " block 3");
                assertFalse(java.util.Arrays.equals(rgb(expected, 8, 0), rgb(made, 8, 0)), file + " block 1");
            }
            Recipe recipe = RecipePng.readRecipe(files.get(1)).orElseThrow();
            assertEquals(Recipe.VERSION, recipe.version());
            assertEquals(request.init(), recipe.init());
            assertEquals(request, recipe.batchRequest());
            A1111Parameters a1111 = RecipePng.readA1111(files.get(1)).orElseThrow();
            assertTrue(a1111.format().contains("Denoising strength: 0.6, Kept blocks: 0 3"), a1111.format());

            Replay.Outcome replay = Replay.run(service, new HistoryEntry(files.get(1), recipe, java.time.Instant.now()), CancellationToken.none());
            assertTrue(replay.comparison().identical(), replay.describe());

            // The picture changed since: replay refuses, naming the file, rather than render something else.
            ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", source.toFile());
            IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
                    () -> service.render(recipe.batchRequest(), BlockListener.NONE, CancellationToken.none()));
            assertTrue(changed.getMessage().startsWith(source.toAbsolutePath() + ": the init image has changed"),
                    changed.getMessage());
        }
    }

    @Test
    void strengthOneWithoutKeptBlocksRendersTextToImagesPixels() throws Exception {
        Path modelFile = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        GenerationRequest plain = TEXT.check().request().orElseThrow();
        GenerationRequest full = TEXT.withInit(picture("src.png").toString(), "1", "").check().request().orElseThrow();
        try (GenerationService service = GenerationService.open(modelFile)) {
            List<float[]> a = service.render(plain, BlockListener.NONE, CancellationToken.none());
            List<float[]> b = service.render(full, BlockListener.NONE, CancellationToken.none());
            assertArrayEquals(a.get(1), b.get(1));
        }
    }

    @Test
    void theCliTakesAnInitImageAndRefusesBadOnes() throws Exception {
        Path modelFile = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        String source = picture("src.png").toString();
        CliRun ok = CliRun.of("generate", "--prompt", "cat face", "--steps", "2", "--model", modelFile.toString(),
                "--init-image", source, "--strength", "0.5", "--keep-blocks", "1", "--out", dir.resolve("out").toString(),
                "--quiet");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().startsWith("wrote "), ok.out());

        CliRun noImage = CliRun.of("generate", "--prompt", "cat face", "--model", modelFile.toString(), "--keep-blocks",
                "0,3", "--out", dir.resolve("out2").toString());
        assertEquals(2, noImage.exit());
        assertEquals("Keep blocks needs an init image to take the blocks from.", noImage.err().lines().findFirst().orElseThrow());

        CliRun outOfRange = CliRun.of("generate", "--prompt", "cat face", "--steps", "2", "--model", modelFile.toString(),
                "--init-image", source, "--keep-blocks", "4", "--out", dir.resolve("out3").toString(), "--quiet");
        assertTrue(outOfRange.exit() != 0);
        assertTrue(outOfRange.err().contains("block 4 is out of range: the model has 4 blocks (0-3)"), outOfRange.err());
        assertTrue(Files.notExists(dir.resolve("out3")) || isEmpty(dir.resolve("out3")), "nothing written");
    }

    @Test
    void aQueuedJobKeepsItsInitImageThroughTheJournal() throws Exception {
        Path modelFile = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        Path source = picture("src.png");
        String queue = dir.resolve("queue").toString();
        CliRun add = CliRun.of("queue", "--queue-dir", queue, "add", "--prompt", "cat face", "--steps", "2", "--model",
                modelFile.toString(), "--init-image", source.toString(), "--strength", "0.5", "--keep-blocks", "2",
                "--out", dir.resolve("out").toString());
        assertEquals(0, add.exit(), add.err());
        CliRun list = CliRun.of("queue", "--queue-dir", queue, "list");
        assertTrue(list.out().contains(", from src.png at strength 0.5, keeping block 2 -> "), list.out());
        CliRun run = CliRun.of("queue", "--queue-dir", queue, "run");
        assertEquals(0, run.exit(), run.err());
        try (var files = Files.list(dir.resolve("out"))) {
            Path png = files.findFirst().orElseThrow();
            InitImage init = RecipePng.readRecipe(png).orElseThrow().init();
            assertEquals(new InitImage(source.toAbsolutePath().toString(), InitImage.sha256Of(source), 0.5, List.of(2)),
                    init);
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }

    /** The 8×8 pixels of a block whose top-left corner is (x, y). */
    private static int[] rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y, 8, 8, null, 0, 8);
    }
}
