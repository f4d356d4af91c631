package dev.tessera.app.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.app.png.A1111Parameters;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny random ACDiT written to disk, driven through the service as the CLI drives it. */
class GenerationServiceTest {

    @TempDir static Path models;
    @TempDir Path out;
    private static Path modelFile;

    @BeforeAll
    static void writeTinyModel() throws Exception {
        modelFile = TinyAcditModelFile.write(models.resolve("tiny.safetensors"));
    }

    @Test
    void pngsCarryARecipeThatReplaysToTheSamePixels() throws Exception {
        GenerationRequest request = new GenerationRequest("cat face", "twitter", 7, 3, 1.5, 0.75, SamplerKind.DPM_SOLVER_PP_2M, 2);
        try (GenerationService service = GenerationService.open(modelFile)) {
            List<Path> files = service.renderToFolder(request, out, BlockListener.NONE, CancellationToken.none());
            assertEquals(List.of(out.resolve("7-cat-face.png"), out.resolve("8-cat-face.png")), files);

            Recipe recipe = RecipePng.readRecipe(files.get(1)).orElseThrow();
            assertEquals(8, recipe.seed());
            assertEquals("twitter", recipe.style());
            assertEquals(ModelHash.of(modelFile), recipe.modelHash());
            assertEquals(0.75, recipe.styleStrength());
            assertEquals(new Recipe.Batch(1, 2), recipe.batch());

            A1111Parameters a1111 = RecipePng.readA1111(files.get(1)).orElseThrow();
            assertEquals("cat face", a1111.prompt());
            assertEquals("Steps: 3, Sampler: DPM++ 2M, CFG scale: 1.5, Style strength: 0.75, Seed: 8, Size: 16x16, Model hash: "
                    + recipe.modelHash() + ", Model: tiny, Style: twitter, Version: Tessera", a1111.format().split("\n")[1]);

            List<Path> replayed = service.renderToFolder(recipe.batchRequest(), out.resolve("replay"), BlockListener.NONE,
                    CancellationToken.none());
            assertArrayEquals(pixels(files.get(1)), pixels(replayed.get(recipe.batch().index())));
        }
    }

    @Test
    void neverOverwritesAnExistingImage() throws Exception {
        GenerationRequest request = new GenerationRequest("star", "google", 1, 2, 1.0, 0, null, 1);
        try (GenerationService service = GenerationService.open(modelFile)) {
            Path first = service.renderToFolder(request, out, BlockListener.NONE, CancellationToken.none()).get(0);
            Path second = service.renderToFolder(request, out, BlockListener.NONE, CancellationToken.none()).get(0);
            assertEquals(out.resolve("1-star.png"), first);
            assertEquals(out.resolve("1-star-2.png"), second);
        }
    }

    @Test
    void cancellingWritesNothing() throws Exception {
        GenerationRequest request = new GenerationRequest("star", "google", 1, 5, 1.5, 0, null, 2);
        CancellationToken token = new CancellationToken();
        BlockListener cancelAfterFirstStep = new BlockListener() {
            @Override
            public void onStep(BlockListener.BlockStep step) {
                token.cancel();
            }
        };
        try (GenerationService service = GenerationService.open(modelFile)) {
            assertThrows(SamplingCancelledException.class,
                    () -> service.renderToFolder(request, out.resolve("cancelled"), cancelAfterFirstStep, token));
        }
        assertTrue(!Files.exists(out.resolve("cancelled")) || isEmpty(out.resolve("cancelled")));
    }

    @Test
    void foreignAndMissingModelFilesAreClearErrors() throws Exception {
        Path text = out.resolve("notes.safetensors");
        Files.writeString(text, "hello");
        assertThrows(IllegalArgumentException.class, () -> GenerationService.open(out.resolve("none.safetensors")));
        Exception e = assertThrows(Exception.class, () -> GenerationService.open(text));
        assertTrue(e.getMessage().contains("notes.safetensors"), e.getMessage());
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static boolean isEmpty(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }
}
