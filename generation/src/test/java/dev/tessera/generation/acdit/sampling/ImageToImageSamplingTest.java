package dev.tessera.generation.acdit.sampling;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.PatchTokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SDEdit (strength) and kept blocks in {@link AcditSampler}, on a tiny perturbed model of 4 blocks. */
class ImageToImageSamplingTest {

    private static final AcditConfig CONFIG = AcditFixtures.tiny(16, 4, 2); // 4 blocks of 2×2 tokens
    private static final int STEPS = 10;
    /** Style strength on: three guidance branches share the one cache the kept blocks go into. */
    private static final AcditGuidance GUIDANCE = new AcditGuidance(1.5, 1.0);
    private static NDManager manager;
    private static AcditModel model;

    @BeforeAll
    static void createModel() {
        manager = OfflineEngine.newManager();
        model = AcditFixtures.perturbed(CONFIG, 21, manager);
    }

    @AfterAll
    static void closeModel() {
        model.close();
        manager.close();
    }

    private static List<float[]> sample(SamplingStart start, long... seeds) {
        List<AcditCondition> conditions = Collections.nCopies(seeds.length,
                new AcditCondition.Prompted(AcditFixtures.prompt("p", CONFIG.promptDim(), 3), EmojiStyle.TWITTER));
        return new AcditSampler(model, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()),
                AcditSampler.ContextMode.KV_CACHE)
                .sample(conditions, Collections.nCopies(seeds.length, AcditCondition.NONE), seeds, GUIDANCE,
                        SamplingOptions.steps(STEPS), BlockListener.NONE, ClipSpan.trainedLength(CONFIG), start);
    }

    /** A smooth source picture in [-1, 1], unlike anything the random model draws. */
    private static float[] source() {
        float[] image = new float[3 * 16 * 16];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) (0.8 * Math.sin(i * 0.05));
        }
        return image;
    }

    private static float[] blockOf(float[] image, int block) {
        PatchTokens patches = new PatchTokens(CONFIG.layout());
        float[] tokens = new float[image.length];
        patches.toTokens(image, 0, tokens, 0);
        int size = patches.floatsPerBlock();
        return Arrays.copyOfRange(tokens, block * size, (block + 1) * size);
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    @Test
    void strengthOneIsTextToImageBitForBit() {
        float[] plain = sample(SamplingStart.NOISE, 7).get(0);
        float[] fromImage = sample(new SamplingStart.FromImage(source(), 1.0, List.of()), 7).get(0);
        assertArrayEquals(plain, fromImage);
    }

    @Test
    void strengthNearZeroGivesNearlyTheSource() {
        float[] source = source();
        // 0.05 of 10 steps rounds to 0: one step, from the least noisy level of the grid (Karras sigma ≈ 0.026).
        // The random model's ε is wrong by O(1), so about sigma of error is left: a few 8-bit levels.
        float[] light = sample(new SamplingStart.FromImage(source, 0.05, List.of()), 7).get(0);
        float[] fresh = sample(SamplingStart.NOISE, 7).get(0);
        double kept = meanAbsDiff(light, source);
        assertTrue(kept < 0.04, "near strength 0 the source survives: mean |diff| " + kept);
        assertTrue(meanAbsDiff(fresh, source) > 10 * kept, "a fresh image is far from the source");
        // In between, more strength moves further from the source.
        double half = meanAbsDiff(sample(new SamplingStart.FromImage(source, 0.5, List.of()), 7).get(0), source);
        assertTrue(kept < half && half < meanAbsDiff(fresh, source), kept + " < " + half);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 1.0})
    void keptBlocksAreTheSourceBitForBit(double strength) {
        float[] source = source();
        List<float[]> images = sample(new SamplingStart.FromImage(source, strength, List.of(1, 2)), 7, 8);
        for (float[] image : images) {
            assertArrayEquals(blockOf(source, 1), blockOf(image, 1));
            assertArrayEquals(blockOf(source, 2), blockOf(image, 2));
            assertFalse(Arrays.equals(blockOf(source, 3), blockOf(image, 3)), "block 3 is generated");
        }
    }

    /**
     * The cache after a kept block equals the cache after generating that content: keep any blocks of
     * a text-to-image result, regenerate the others at strength 1 with the same seed, and every later
     * block (a function of the cache) comes out bit for bit the same. Covers a kept block 0, a kept
     * block after a generated one (it waits for the cache one block longer), and two in a row.
     */
    @Test
    void keptBlocksEnterTheCacheExactlyAsGeneratedOnes() {
        float[] generated = sample(SamplingStart.NOISE, 11).get(0);
        for (List<Integer> kept : List.of(List.of(0), List.of(1), List.of(0, 1), List.of(1, 2), List.of(2))) {
            float[] again = sample(new SamplingStart.FromImage(generated, 1.0, kept), 11).get(0);
            assertArrayEquals(generated, again, "kept " + kept);
        }
        // And the kept content matters: keeping another image's block 0 changes the blocks after it.
        float[] steered = sample(new SamplingStart.FromImage(source(), 1.0, List.of(0)), 11).get(0);
        assertFalse(Arrays.equals(blockOf(generated, 1), blockOf(steered, 1)));
    }

    @Test
    void sameStartSameSeedSamePixels() {
        SamplingStart start = new SamplingStart.FromImage(source(), 0.6, List.of(0));
        List<float[]> first = sample(start, 3, 4);
        List<float[]> second = sample(start, 3, 4);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(first.get(i), second.get(i));
        }
        assertFalse(Arrays.equals(first.get(0), first.get(1)), "other seeds, other generated blocks");
    }

    @Test
    void badStartsAreRefusedWithTheReason() {
        float[] source = source();
        for (double strength : new double[] {0, -0.5, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SamplingStart.FromImage(source, strength, List.of()));
            assertTrue(e.getMessage().contains("strength must be in (0, 1]"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SamplingStart.FromImage(source, 0.5, List.of(-1))).getMessage().contains("start at 0"));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> sample(new SamplingStart.FromImage(source, 0.5, List.of(0, 4)), 1));
        assertEquals("block 4 is out of range: the model has 4 blocks (0-3)", range.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> sample(new SamplingStart.FromImage(new float[3 * 8 * 8], 0.5, List.of()), 1));
        assertTrue(size.getMessage().contains("16x16"), size.getMessage());
    }

    @Test
    void strengthPicksTheStepsRunAgain() {
        assertEquals(0, new SamplingStart.FromImage(source(), 1.0, List.of()).firstStep(25));
        assertEquals(10, new SamplingStart.FromImage(source(), 0.6, List.of()).firstStep(25));
        assertEquals(24, new SamplingStart.FromImage(source(), 0.001, List.of()).firstStep(25), "at least one step");
        assertEquals(List.of(0, 3), new SamplingStart.FromImage(source(), 1, List.of(3, 0, 3)).keptBlocks());
    }
}
