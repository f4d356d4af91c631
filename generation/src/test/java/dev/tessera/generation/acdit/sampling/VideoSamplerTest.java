package dev.tessera.generation.acdit.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clips from a tiny video model: the KV cache (with its sliding window) against recomputing the context. */
class VideoSamplerTest {

    private static final AcditConfig CONFIG = AcditFixtures.tinyVideo(6, 2); // 3 blocks of 2 frames of 8×8
    private static final int FRAME_FLOATS = 3 * 8 * 8;
    private static NDManager manager;
    private static AcditModel model;

    @BeforeAll
    static void createModel() {
        manager = OfflineEngine.newManager();
        model = AcditFixtures.perturbed(CONFIG, 31, manager);
    }

    @AfterAll
    static void closeModel() {
        model.close();
        manager.close();
    }

    private static List<float[]> clips(AcditSampler.ContextMode mode, ClipSpan span, BlockListener listener) {
        List<AcditCondition> conditions = List.of(
                new AcditCondition.Prompted(AcditFixtures.prompt("rocket moving up", 8, 1), EmojiStyle.GOOGLE),
                new AcditCondition.Prompted(AcditFixtures.prompt("cat face spinning", 8, 2), EmojiStyle.TWITTER));
        return new AcditSampler(model, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()), mode)
                .sample(conditions, new long[] {3, 4}, new AcditGuidance(2, 0.5), SamplingOptions.steps(4), listener, span);
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void cachedEqualsRecomputedForAClipOfTheTrainingLength() {
        ClipSpan span = ClipSpan.trainedLength(CONFIG);
        List<float[]> cached = clips(AcditSampler.ContextMode.KV_CACHE, span, BlockListener.NONE);
        List<float[]> recomputed = clips(AcditSampler.ContextMode.RECOMPUTE, span, BlockListener.NONE);
        for (int i = 0; i < 2; i++) {
            assertEquals(6 * FRAME_FLOATS, cached.get(i).length);
            assertTrue(maxAbsDiff(cached.get(i), recomputed.get(i)) < 1e-4, "clip " + i);
        }
        assertTrue(maxAbsDiff(cached.get(0), cached.get(1)) > 0.1, "two prompts and seeds give two clips");
    }

    @Test
    void aClipThreeTimesTheTrainingLengthSlidesItsWindowTheSameCachedOrRecomputed() {
        ClipSpan span = ClipSpan.of(CONFIG, 18); // 9 blocks from a 3-block model
        List<Integer> done = new ArrayList<>();
        List<float[]> cached = clips(AcditSampler.ContextMode.KV_CACHE, span, new BlockListener() {
            @Override
            public void onBlockDone(BlockDone d) {
                done.add(d.block());
                assertEquals(9, d.blockCount());
            }

            @Override
            public boolean wantsPreviews() {
                return false;
            }
        });
        List<float[]> recomputed = clips(AcditSampler.ContextMode.RECOMPUTE, span, BlockListener.NONE);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), done);
        for (int i = 0; i < 2; i++) {
            assertEquals(18 * FRAME_FLOATS, cached.get(i).length);
            assertTrue(maxAbsDiff(cached.get(i), recomputed.get(i)) < 1e-4, "clip " + i);
        }
        // The first training length of the long clip is the short clip: the window only starts sliding after it.
        float[] shortClip = clips(AcditSampler.ContextMode.KV_CACHE, ClipSpan.trainedLength(CONFIG), BlockListener.NONE)
                .get(0);
        float[] head = new float[shortClip.length];
        System.arraycopy(cached.get(0), 0, head, 0, head.length);
        assertArrayEquals(shortClip, head, 1e-5f);
    }

    @Test
    void aOneBlockWindowMakesEveryBlockWithoutContext() {
        // Block 0 never has context, so it is the same either way; every later block loses its context.
        List<float[]> full = clips(AcditSampler.ContextMode.KV_CACHE, ClipSpan.of(CONFIG, 6), BlockListener.NONE);
        List<float[]> alone = clips(AcditSampler.ContextMode.KV_CACHE, new ClipSpan(6, 2), BlockListener.NONE);
        float[] a = full.get(0), b = alone.get(0);
        float firstBlock = 0, later = 0;
        for (int j = 0; j < a.length; j++) {
            float d = Math.abs(a[j] - b[j]);
            if (j < 2 * FRAME_FLOATS) {
                firstBlock = Math.max(firstBlock, d);
            } else {
                later = Math.max(later, d);
            }
        }
        assertEquals(0f, firstBlock, 1e-5f);
        assertTrue(later > 1e-3, "context must change later blocks: " + later);
    }

    @Test
    void badSpansAreRefusedNamingTheSetting() {
        assertEquals("frames must be at least 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> new ClipSpan(0, 6)).getMessage());
        assertEquals("the window of 1 frames is smaller than one block (2 frames)",
                assertThrows(IllegalArgumentException.class, () -> new ClipSpan(6, 1).checkFor(CONFIG)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClipSpan(6, 8).checkFor(CONFIG)).getMessage()
                .contains("longer than the 6 frames the model was trained on"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClipSpan(7, 6).checkFor(CONFIG)).getMessage()
                .contains("multiple of the model's block of 2 frames"));
        AcditConfig image = AcditFixtures.tiny(16, 4, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClipSpan(16, 1).checkFor(image)).getMessage()
                .contains("image model"));
    }
}
