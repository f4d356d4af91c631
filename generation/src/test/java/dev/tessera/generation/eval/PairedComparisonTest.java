package dev.tessera.generation.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.judge.JudgeConfig;
import dev.tessera.generation.judge.JudgeModel;
import dev.tessera.generation.judge.JudgeRunner;
import dev.tessera.generation.judge.JudgeVocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    private static final EmojiDataset DATA = EmojiDataset.loadBundled();
    private static final RealImages REAL = new RealImages(DATA);

    @Test
    void identicalSetsArePerfectAndBlurredOnesAreNot() {
        JudgeVocabulary vocabulary = JudgeVocabulary.of(DATA);
        JudgeConfig config = new JudgeConfig(32, List.of(8, 16), 4, vocabulary.identities().size(),
                vocabulary.subcategories().size(), vocabulary.styles().size());
        int[] indices = RealImages.draw(REAL.heldOut(null), 20, 1);
        ImageSet images = REAL.imageSet(indices);
        try (NDManager manager = OfflineEngine.newManager();
                JudgeModel judge = JudgeModel.initialise(config, vocabulary, 1, manager)) {
            PairedComparison.Result same = PairedComparison.compare(images, images, new JudgeRunner(judge));
            assertEquals(20, same.psnr().identicalCount());
            assertEquals(0.0, same.features().meanDistance(), 1e-9);
            PairedComparison.Result blurred = PairedComparison.compare(images,
                    REAL.imageSet(indices, new ImageDegradation.Blur(1)), new JudgeRunner(judge));
            assertEquals(0, blurred.psnr().identicalCount());
            assertTrue(blurred.psnr().meanDb() > 10 && blurred.psnr().meanDb() < 40, "PSNR " + blurred.psnr().meanDb());
            assertTrue(blurred.features().meanDistance() > 0);
        }
    }

    @Test
    void setsThatAreNotPairsAreRefused() {
        ImageSet a = REAL.imageSet(RealImages.draw(REAL.heldOut(null), 5, 1));
        ImageSet b = REAL.imageSet(RealImages.draw(REAL.heldOut(null), 5, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedComparison.compare(a, b, null));
        assertTrue(e.getMessage().contains("not a pair"), e.getMessage());
        ImageSet shorter = REAL.imageSet(RealImages.draw(REAL.heldOut(null), 4, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(a, shorter, null));
    }

    @Test
    void overshootingSamplerOutputIsClampedToThePixelRangeBeforeComparing() {
        ImageSet real = REAL.imageSet(RealImages.draw(REAL.heldOut(null), 2, 1));
        float[] overshoot = real.pixels().clone();
        overshoot[6] = 1.014f;
        overshoot[7] = -1.2f;
        ImageSet raw = new ImageSet(overshoot, real.size(), real.prompts());
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(real, raw, null), "PSNR refuses the overshoot");
        ImageSet clamped = raw.clamped();
        assertEquals(1f, clamped.pixels()[6]);
        assertEquals(-1f, clamped.pixels()[7]);
        assertEquals(real.pixels()[8], clamped.pixels()[8]);
        assertEquals(1.014f, raw.pixels()[6], "the original set is left as it was");
    }
}
