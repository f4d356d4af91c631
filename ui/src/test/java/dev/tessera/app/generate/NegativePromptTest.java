package dev.tessera.app.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.png.A1111Parameters;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.acdit.sampling.AcditSampler;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The negative prompt takes the unconditional branch's place in classifier-free guidance. Without
 * one, the pixels are those of the code before it existed: on the project's machine the images of
 * {@link #GUIDED} checksum to 81f060a3 (CRC-32 of the float bits) both before and after the change;
 * that number is not asserted, as other CPUs may round differently.
 */
class NegativePromptTest {

    private static final AcditConfig CONFIG = new AcditConfig(16, 4, 2, 32, 1, 2, 2, 8, 100.0,
            List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    private static final GenerationRequest GUIDED = new GenerationRequest("cat face", "google", 7, 2, 4.0, 1.0,
            SamplerKind.DDIM, 2);

    @TempDir Path dir;

    @Test
    void anEmptyNegativePromptRendersWhatPlainGuidanceDoesBitForBit() {
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(CONFIG, 31, m)) {
            AcditGenerator generator = generator(model);
            List<float[]> withEmpty = generator.generate(GUIDED.withNegativePrompt(""), BlockListener.NONE,
                    CancellationToken.none());
            // The sampler as it was called before negative prompts: conditions, seeds, guidance.
            AcditSampler sampler = new AcditSampler(model, SamplerKind.DDIM.create(LinearNoiseSchedule.ddpm()),
                    AcditSampler.ContextMode.KV_CACHE);
            AcditCondition condition = AcditCondition.of(AcditFixtures.prompt("cat face", 8, 8), EmojiStyle.GOOGLE);
            List<float[]> plain = sampler.sample(Collections.nCopies(2, condition), new long[] {7, 8},
                    GUIDED.samplingGuidance(), SamplingOptions.steps(2), BlockListener.NONE);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(plain.get(i), withEmpty.get(i), "image " + i);
            }
        }
    }

    @Test
    void aNegativePromptChangesThePixelsAndRendersTheSameTwice() {
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(CONFIG, 31, m)) {
            AcditGenerator generator = generator(model);
            float[] plain = generator.generate(GUIDED, BlockListener.NONE, CancellationToken.none()).get(0);
            GenerationRequest negative = GUIDED.withNegativePrompt("sad dog");
            float[] steered = generator.generate(negative, BlockListener.NONE, CancellationToken.none()).get(0);
            float[] again = generator.generate(negative, BlockListener.NONE, CancellationToken.none()).get(0);
            assertFalse(java.util.Arrays.equals(plain, steered), "the negative prompt must change the image");
            assertArrayEquals(steered, again);
        }
    }

    @Test
    void theRecipeCarriesTheNegativePromptAndReplaysToTheSamePixels() throws Exception {
        Path modelFile = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        GenerationRequest request = new GenerationRequest("cat face", "twitter", 7, 2, 4, 0.5, null, 2, "crying face");
        try (GenerationService service = GenerationService.open(modelFile)) {
            List<Path> files = service.renderToFolder(request, dir.resolve("out"), BlockListener.NONE,
                    CancellationToken.none());
            Recipe recipe = RecipePng.readRecipe(files.get(1)).orElseThrow();
            assertEquals("crying face", recipe.negativePrompt());
            assertEquals(request, recipe.batchRequest());
            A1111Parameters a1111 = RecipePng.readA1111(files.get(1)).orElseThrow();
            assertEquals("crying face", a1111.negativePrompt());
            assertTrue(a1111.format().startsWith("cat face\nNegative prompt: crying face\nSteps: 2,"), a1111.format());

            List<Path> replayed = service.renderToFolder(recipe.batchRequest(), dir.resolve("replay"),
                    BlockListener.NONE, CancellationToken.none());
            assertArrayEquals(pixels(files.get(1)), pixels(replayed.get(1)));
        }
    }

    private static AcditGenerator generator(AcditModel model) {
        return new AcditGenerator(model, text -> AcditFixtures.prompt(text, 8, text.length()));
    }

    private static int[] pixels(Path png) throws java.io.IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
