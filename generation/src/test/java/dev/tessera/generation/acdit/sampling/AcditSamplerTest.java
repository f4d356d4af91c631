package dev.tessera.generation.acdit.sampling;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AcditSamplerTest {

    private static final AcditConfig CONFIG = AcditFixtures.tiny(16, 4, 2); // 4 blocks of 2×2 tokens
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

    private static List<AcditCondition> conditions(int n) {
        List<AcditCondition> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new AcditCondition.Prompted(AcditFixtures.prompt("p" + i, CONFIG.promptDim(), i),
                    i % 2 == 0 ? EmojiStyle.TWITTER : EmojiStyle.GOOGLE));
        }
        return list;
    }

    private static List<float[]> sample(AcditSampler.ContextMode mode, SamplerKind kind, List<AcditCondition> c,
            long[] seeds, AcditGuidance guidance, int steps) {
        return sample(model, mode, kind, c, seeds, guidance, steps);
    }

    private static List<float[]> sample(AcditModel model, AcditSampler.ContextMode mode, SamplerKind kind,
            List<AcditCondition> c, long[] seeds, AcditGuidance guidance, int steps) {
        return new AcditSampler(model, kind.create(LinearNoiseSchedule.ddpm()), mode)
                .sample(c, seeds, guidance, SamplingOptions.steps(steps), BlockListener.NONE);
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @ParameterizedTest
    @EnumSource(value = SamplerKind.class, names = {"DPM_SOLVER_PP_2M", "DDIM"})
    void kvCacheEqualsRecomputingThePrefix(SamplerKind kind) {
        long[] seeds = {5, 6};
        // Style strength makes each step one batch of three branches over the one shared cache.
        List<AcditGuidance> guidances = kind == SamplerKind.DDIM ? List.of(AcditGuidance.of(1.5))
                : List.of(AcditGuidance.of(1.0), AcditGuidance.of(1.5), new AcditGuidance(1.5, 1.0));
        for (AcditGuidance guidance : guidances) {
            List<float[]> cached = sample(AcditSampler.ContextMode.KV_CACHE, kind, conditions(2), seeds, guidance, 2);
            List<float[]> recomputed = sample(AcditSampler.ContextMode.RECOMPUTE, kind, conditions(2), seeds, guidance, 2);
            for (int i = 0; i < 2; i++) {
                float diff = maxAbsDiff(cached.get(i), recomputed.get(i));
                assertTrue(diff < 1e-4, "guidance " + guidance + " image " + i + ": " + diff);
            }
            // the last blocks depend on the first: a broken context would not be caught by equal zeros
            assertTrue(maxAbsDiff(cached.get(0), cached.get(1)) > 1e-2);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0})
    void sameSeedSameImageAndBatchItemEqualsSingleGeneration(double styleStrength) {
        List<AcditCondition> c = conditions(3);
        long[] seeds = {40, 41, 42};
        AcditGuidance guidance = new AcditGuidance(1.5, styleStrength);
        List<float[]> batch = sample(AcditSampler.ContextMode.KV_CACHE, SamplerKind.DPM_SOLVER_PP_2M, c, seeds, guidance, 2);
        List<float[]> again = sample(AcditSampler.ContextMode.KV_CACHE, SamplerKind.DPM_SOLVER_PP_2M, c, seeds, guidance, 2);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(batch.get(i), again.get(i), "same seed, same pixels");
            List<float[]> alone = sample(AcditSampler.ContextMode.KV_CACHE, SamplerKind.DPM_SOLVER_PP_2M,
                    List.of(c.get(i)), new long[] {seeds[i]}, guidance, 2);
            float diff = maxAbsDiff(batch.get(i), alone.get(0));
            // Equal up to float rounding of differently shaped batched GEMMs (~1e-4), far below one
            // 8-bit level (2/255); noise and conditions are per item, so a mix-up would differ by O(1).
            assertTrue(diff < 1e-3, "batch item " + i + " = alone: " + diff);
        }
        assertTrue(maxAbsDiff(batch.get(0), batch.get(1)) > 1e-2, "different seeds differ");
    }

    @Test
    void styleStrengthChangesPromptedImagesButNotUnconditionalOnes() {
        List<AcditCondition> c = List.of(conditions(1).get(0), AcditCondition.NONE);
        long[] seeds = {9, 9};
        List<float[]> plain = sample(AcditSampler.ContextMode.KV_CACHE, SamplerKind.DPM_SOLVER_PP_2M, c, seeds,
                AcditGuidance.of(1.5), 2);
        List<float[]> styled = sample(AcditSampler.ContextMode.KV_CACHE, SamplerKind.DPM_SOLVER_PP_2M, c, seeds,
                new AcditGuidance(1.5, 2.0), 2);
        assertTrue(maxAbsDiff(plain.get(0), styled.get(0)) > 1e-2, "style strength must move a prompted image");
        // The null condition is its own contrast: no push, only float rounding of a larger batch.
        assertTrue(maxAbsDiff(plain.get(1), styled.get(1)) < 1e-3, "an unconditional image must not move");
    }

    @Test
    void aModelOfOneStyleIgnoresStyleStrength() {
        AcditConfig oneStyle = new AcditConfig(16, 4, 2, 32, 2, 2, 2, 8, 100.0, List.of(EmojiStyle.GOOGLE));
        try (NDManager local = manager.newSubManager(); AcditModel single = AcditFixtures.perturbed(oneStyle, 22, local)) {
            List<AcditCondition> c = List.of(new AcditCondition.Prompted(
                    AcditFixtures.prompt("p", oneStyle.promptDim(), 3), EmojiStyle.GOOGLE));
            List<float[]> plain = sample(single, AcditSampler.ContextMode.KV_CACHE, SamplerKind.DDIM, c, new long[] {4},
                    AcditGuidance.of(1.5), 2);
            List<float[]> styled = sample(single, AcditSampler.ContextMode.KV_CACHE, SamplerKind.DDIM, c, new long[] {4},
                    new AcditGuidance(1.5, 1.0), 2);
            assertArrayEquals(plain.get(0), styled.get(0));
        }
    }

    @Test
    void listenerHearsEveryStepAndBlockWithPreviews() {
        List<String> events = new ArrayList<>();
        new AcditSampler(model, SamplerKind.DDIM.create(LinearNoiseSchedule.ddpm()), AcditSampler.ContextMode.KV_CACHE)
                .sample(conditions(1), new long[] {1}, AcditGuidance.of(1.5), SamplingOptions.steps(2), new BlockListener() {
                    @Override
                    public void onStep(BlockStep step) {
                        assertEquals(3 * 16 * 16, step.preview().get(0).length);
                        events.add("s" + step.block() + "." + step.step());
                    }

                    @Override
                    public void onBlockDone(BlockDone done) {
                        events.add("b" + done.block());
                    }
                });
        assertEquals(List.of("s0.0", "s0.1", "b0", "s1.0", "s1.1", "b1", "s2.0", "s2.1", "b2", "s3.0", "s3.1", "b3"), events);
    }

    @Test
    void aListenerWithoutPreviewsStillHearsEveryStep() {
        List<String> events = new ArrayList<>();
        new AcditSampler(model, SamplerKind.DDIM.create(LinearNoiseSchedule.ddpm()), AcditSampler.ContextMode.KV_CACHE)
                .sample(conditions(1), new long[] {1}, AcditGuidance.of(1.5), SamplingOptions.steps(2), new BlockListener() {
                    @Override
                    public void onStep(BlockStep step) {
                        assertEquals(List.of(), step.preview(), "no preview is built");
                        events.add("s" + step.block() + "." + step.step());
                    }

                    @Override
                    public boolean wantsPreviews() {
                        return false;
                    }
                });
        assertEquals(List.of("s0.0", "s0.1", "s1.0", "s1.1", "s2.0", "s2.1", "s3.0", "s3.1"), events);
    }

    @Test
    void cancellationLeavesNoOutputAndNoArrays() {
        AcditSampler sampler = new AcditSampler(model, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()),
                AcditSampler.ContextMode.KV_CACHE);
        // The network keeps each span's position tables for its life: a first generation makes them all.
        sampler.sample(conditions(1), new long[] {1}, new AcditGuidance(1.5, 1.0), SamplingOptions.steps(1), BlockListener.NONE);
        int before = manager.getManagedArrays().size();
        CancellationToken token = new CancellationToken();
        SamplingOptions options = SamplingOptions.steps(3).withCancellation(token);
        assertThrows(SamplingCancelledException.class, () -> sampler.sample(conditions(2), new long[] {1, 2}, new AcditGuidance(1.5, 1.0), options,
                new BlockListener() {
                    @Override
                    public void onStep(BlockStep step) {
                        if (step.block() == 2 && step.step() == 0) {
                            token.cancel(); // the cache holds two blocks by now
                        }
                    }
                }));
        assertEquals(before, manager.getManagedArrays().size(), "arrays leaked by a cancelled generation");
        sampler.sample(conditions(1), new long[] {1}, new AcditGuidance(1.5, 1.0), SamplingOptions.steps(1), BlockListener.NONE);
        assertEquals(before, manager.getManagedArrays().size(), "arrays leaked by a finished generation");
    }
}
