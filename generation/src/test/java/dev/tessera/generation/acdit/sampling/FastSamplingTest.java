package dev.tessera.generation.acdit.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Step schedules per block position and step caching (issue 25) on a tiny perturbed model. */
class FastSamplingTest {

    private static final AcditConfig CONFIG = AcditFixtures.tiny(16, 4, 2); // 4 blocks of 2×2 tokens
    private static final AcditGuidance GUIDANCE = new AcditGuidance(1.5, 1.0); // three branches a step
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

    private static List<AcditCondition> conditions() {
        return List.of(new AcditCondition.Prompted(AcditFixtures.prompt("p0", CONFIG.promptDim(), 0), EmojiStyle.TWITTER),
                new AcditCondition.Prompted(AcditFixtures.prompt("p1", CONFIG.promptDim(), 1), EmojiStyle.GOOGLE));
    }

    private static List<float[]> sample(UnaryOperator<AcditSampler> setUp, int steps, BlockListener listener) {
        AcditSampler sampler = setUp.apply(new AcditSampler(model,
                SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()), AcditSampler.ContextMode.KV_CACHE));
        return sampler.sample(conditions(), new long[] {3, 4}, GUIDANCE, SamplingOptions.steps(steps), listener);
    }

    private static void assertSamePixels(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "image " + i);
        }
    }

    @Test
    void aUniformScheduleIsThePlainStepsAndTheScheduleOverridesThem() {
        List<float[]> plain = sample(s -> s, 4, BlockListener.NONE);
        assertSamePixels(plain, sample(s -> s.withSchedule(StepSchedule.uniform(4)), 4, BlockListener.NONE));
        // The schedule wins over the options' steps; null gives them back.
        assertSamePixels(plain, sample(s -> s.withSchedule(StepSchedule.uniform(4)), 9, BlockListener.NONE));
        assertSamePixels(plain, sample(s -> s.withSchedule(StepSchedule.uniform(7)).withSchedule(null), 4,
                BlockListener.NONE));
    }

    @Test
    void eachBlockPositionRunsItsOwnSteps() {
        List<String> heard = new ArrayList<>();
        List<float[]> scheduled = sample(s -> s.withSchedule(StepSchedule.parse("4,2,1")), 25, new BlockListener() {
            @Override
            public void onStep(BlockStep step) {
                heard.add(step.block() + ":" + step.step() + "/" + step.stepsPerBlock());
            }
        });
        assertEquals(List.of("0:0/4", "0:1/4", "0:2/4", "0:3/4", "1:0/2", "1:1/2", "2:0/1", "3:0/1"), heard);
        // Block 0 sees no context, so its pixels are those of 4 steps everywhere; the later blocks are not.
        List<float[]> uniform = sample(s -> s, 4, BlockListener.NONE);
        var patches = new dev.tessera.generation.acdit.model.PatchTokens(CONFIG.layout());
        int blockFloats = patches.floatsPerBlock();
        float[] scheduledTokens = new float[patches.floatsPerImage()];
        float[] uniformTokens = new float[patches.floatsPerImage()];
        patches.toTokens(scheduled.get(0), 0, scheduledTokens, 0);
        patches.toTokens(uniform.get(0), 0, uniformTokens, 0);
        assertArrayEquals(java.util.Arrays.copyOf(uniformTokens, blockFloats),
                java.util.Arrays.copyOf(scheduledTokens, blockFloats));
        assertFalse(java.util.Arrays.equals(uniformTokens, scheduledTokens), "later blocks took fewer steps");
    }

    @Test
    void stepCacheThresholdZeroIsNoCacheBitForBit() {
        List<float[]> plain = sample(s -> s, 6, BlockListener.NONE);
        AcditSampler.CacheCounts before = AcditSampler.threadCacheCounts();
        assertSamePixels(plain, sample(s -> s.withStepCache(0), 6, BlockListener.NONE));
        assertEquals(new AcditSampler.CacheCounts(0, 0), AcditSampler.threadCacheCounts().since(before));
    }

    @Test
    void aThresholdNoInputMeetsRunsEveryLayerAndChangesNothing() {
        List<float[]> plain = sample(s -> s, 6, BlockListener.NONE);
        AcditSampler.CacheCounts before = AcditSampler.threadCacheCounts();
        assertSamePixels(plain, sample(s -> s.withStepCache(1e-30), 6, BlockListener.NONE));
        AcditSampler.CacheCounts counts = AcditSampler.threadCacheCounts().since(before);
        assertEquals(0, counts.layersSkipped());
        // 4 blocks × 6 steps, every layer run
        assertEquals(4L * 6 * CONFIG.depth(), counts.layersRun());
    }

    @Test
    void aLooseThresholdSkipsLayersAndStaysClose() {
        List<float[]> plain = sample(s -> s, 6, BlockListener.NONE);
        AcditSampler.CacheCounts before = AcditSampler.threadCacheCounts();
        List<float[]> cached = sample(s -> s.withStepCache(0.5), 6, BlockListener.NONE);
        AcditSampler.CacheCounts counts = AcditSampler.threadCacheCounts().since(before);
        assertTrue(counts.layersSkipped() > 0, "nothing skipped: " + counts);
        assertEquals(4L * 6 * CONFIG.depth(), counts.layersRun() + counts.layersSkipped());
        float worst = 0;
        for (int i = 0; i < plain.size(); i++) {
            for (int j = 0; j < plain.get(i).length; j++) {
                assertTrue(Float.isFinite(cached.get(i)[j]));
                worst = Math.max(worst, Math.abs(plain.get(i)[j] - cached.get(i)[j]));
            }
        }
        assertTrue(worst > 0, "skipping layers must change something");
    }

    @Test
    void badThresholdsAreRefused() {
        AcditSampler sampler = new AcditSampler(model, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()),
                AcditSampler.ContextMode.KV_CACHE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sampler.withStepCache(-0.1));
        assertTrue(e.getMessage().contains("step-cache threshold"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sampler.withStepCache(Double.NaN));
    }
}
