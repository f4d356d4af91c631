package dev.tessera.app.generate;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.BlockListener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.engine.OfflineEngine;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcditGeneratorTest {

    @Test
    void invalidSettingsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> new GenerationRequest("cat", "google", 1, 0, 1.5, 0, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new GenerationRequest("cat", "google", 1, 5, Double.NaN, 0, null, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new GenerationRequest("cat", "google", 1, 5, Double.POSITIVE_INFINITY, 0, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new GenerationRequest("cat", "google", 1, 5, 1.5, 0, null, 0));
        assertEquals(SamplerKind.DPM_SOLVER_PP_2M, new GenerationRequest("cat", "google", 1, 5, 1.5, 0, null, 1).sampler());
    }

    @Test
    void generatesReproduciblyAndRejectsUnknownStyles() {
        AcditConfig config = new AcditConfig(16, 4, 2, 32, 1, 2, 2, 8, 100.0, List.of(EmojiStyle.GOOGLE));
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(config, 31, m)) {
            AcditGenerator generator = new AcditGenerator(model, text -> AcditFixtures.prompt(text, 8, text.length()));
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> generator.generate(
                    new GenerationRequest("cat", "comic-sans", 1, 1, 1.5, 0, null, 1), BlockListener.NONE, CancellationToken.none()));
            assertTrue(unknown.getMessage().contains("comic-sans"), unknown.getMessage());
            assertThrows(IllegalArgumentException.class, () -> generator.generate(
                    new GenerationRequest("cat", "twitter", 1, 1, 1.5, 0, null, 1), BlockListener.NONE, CancellationToken.none()));

            GenerationRequest request = new GenerationRequest("cat", "google", 7, 2, 1.5, 0, SamplerKind.DDIM, 2);
            List<float[]> images = generator.generate(request, BlockListener.NONE, CancellationToken.none());
            assertEquals(2, images.size());
            List<float[]> second = generator.generate(new GenerationRequest("cat", "google", 8, 2, 1.5, 0, SamplerKind.DDIM, 1),
                    BlockListener.NONE, CancellationToken.none());
            float max = 0;
            for (int i = 0; i < images.get(1).length; i++) {
                max = Math.max(max, Math.abs(images.get(1)[i] - second.get(0)[i]));
            }
            assertTrue(max < 1e-3, "image 1 of seed 7 is image 0 of seed 8: " + max);
            BufferedImage picture = dev.tessera.generation.image.ChwImages.toImage(images.get(0), 16);
            assertEquals(16, picture.getWidth());
            assertArrayEquals(new int[] {16, 16}, new int[] {picture.getWidth(), picture.getHeight()});
        }
    }
}
