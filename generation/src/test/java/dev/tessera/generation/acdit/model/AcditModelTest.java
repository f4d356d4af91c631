package dev.tessera.generation.acdit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.random.NoiseSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcditModelTest {

    private static final int BATCH = 2;

    /** Noisy-half output of the training pass [clean ; noisy] with the Skip-Causal mask. */
    private static float[] trainingPass(AcditModel model, float[] clean, float[] noisy, float[] times, NDManager m) {
        BlockLayout layout = model.network().layout();
        Shape tokens = new Shape(BATCH, layout.tokenCount(), model.config().patchFloats());
        SkipCausalBias bias = SkipCausalBias.of(m, layout.blockCount(), layout.tokensPerBlock());
        return model.network().forward(new AcditNetwork.Inputs(m.create(noisy, tokens), 0,
                m.create(times, new Shape(BATCH, layout.blockCount())), conditions(model.config()), m.create(clean, tokens),
                0, null, bias.cleanRows(), bias.noisyRows())).noise().toFloatArray();
    }

    private static List<AcditCondition> conditions(AcditConfig config) {
        return List.of(new AcditCondition.Prompted(AcditFixtures.prompt("a", config.promptDim(), 1), EmojiStyle.GOOGLE),
                AcditCondition.NONE);
    }

    private static float[] gaussian(long stream, int n) {
        return NoiseSource.of(3).stream(stream).gaussian(n);
    }

    private static float maxAbsDiff(float[] a, float[] b, int from, int to) {
        float max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void oneBlockIsAPlainFullSequenceDiT() {
        AcditConfig config = AcditFixtures.tiny(16, 4, 4); // 4×4 grid, block side 4 → one block
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(config, 11, m)) {
            int n = BATCH * 16 * config.patchFloats();
            float[] noisy = gaussian(1, n);
            float[] times = {500, 20};
            float[] withClean = trainingPass(model, gaussian(2, n), noisy, times, m);
            float[] otherClean = trainingPass(model, gaussian(3, n), noisy, times, m);
            NDArray dit = model.network().forward(AcditNetwork.Inputs.noisyOnly(
                    m.create(noisy, new Shape(BATCH, 16, config.patchFloats())), 0,
                    m.create(times, new Shape(BATCH, 1)), conditions(config))).noise();
            assertArrayEquals(withClean, otherClean, 0f, "the clean half must not reach the noisy half");
            assertArrayEquals(dit.toFloatArray(), withClean, 1e-5f, "noisy-only pass = full-sequence DiT");
            assertTrue(maxAbsDiff(withClean, new float[n], 0, n) > 1e-3, "the perturbed model predicts something");
        }
    }

    @Test
    void changingCleanBlockKChangesOnlyLaterNoisyBlocks() {
        AcditConfig config = AcditFixtures.tiny(16, 4, 2); // 4×4 grid, 4 blocks of 4 tokens
        int blockFloats = 4 * config.patchFloats();
        int imageFloats = 4 * blockFloats;
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(config, 12, m)) {
            float[] clean = gaussian(4, BATCH * imageFloats);
            float[] noisy = gaussian(5, BATCH * imageFloats);
            float[] times = {900, 10, 300, 600, 1, 999, 450, 250};
            float[] base = trainingPass(model, clean, noisy, times, m);
            for (int k = 0; k < 4; k++) {
                float[] changed = clean.clone();
                for (int b = 0; b < BATCH; b++) {
                    for (int j = 0; j < blockFloats; j++) {
                        changed[b * imageFloats + k * blockFloats + j] += 1f;
                    }
                }
                float[] out = trainingPass(model, changed, noisy, times, m);
                for (int b = 0; b < BATCH; b++) {
                    for (int block = 0; block < 4; block++) {
                        int from = b * imageFloats + block * blockFloats;
                        float diff = maxAbsDiff(base, out, from, from + blockFloats);
                        if (block <= k) {
                            assertEquals(0f, diff, "clean block " + k + " leaked into noisy block " + block);
                        } else {
                            assertTrue(diff > 1e-4, "clean block " + k + " must inform noisy block " + block + ": " + diff);
                        }
                    }
                }
            }
        }
    }

    @Test
    void ropeDotProductDependsOnlyOnPositionDifference() {
        int headDim = 16;
        RopeNd rope = new RopeNd(headDim, 100, headDim / 2, headDim / 2);
        try (NDManager m = OfflineEngine.newManager()) {
            NDArray q = m.create(gaussian(6, headDim), new Shape(1, headDim));
            NDArray k = m.create(gaussian(7, headDim), new Shape(1, headDim));
            int[][] pairs = {{1, 2, 3, 0}, {4, 6, 6, 4}, {0, 0, 2, 2}, {7, 1, 0, 5}};
            for (int[] p : pairs) {
                float reference = dot(rope, m, q, k, p[0], p[1], p[2], p[3]);
                for (int shift = 1; shift <= 5; shift += 2) {
                    float shifted = dot(rope, m, q, k, p[0] + shift, p[1] + 2 * shift, p[2] + shift, p[3] + 2 * shift);
                    assertEquals(reference, shifted, 1e-4f, "shift " + shift);
                }
            }
            // ...and it does depend on the difference, separately along rows and columns.
            float same = dot(rope, m, q, k, 2, 2, 2, 2);
            assertTrue(Math.abs(same - dot(rope, m, q, k, 2, 2, 4, 2)) > 1e-3);
            assertTrue(Math.abs(same - dot(rope, m, q, k, 2, 2, 2, 4)) > 1e-3);
            assertEquals(q.mul(k).sum().getFloat(), same, 1e-4f, "equal positions: plain dot product");
        }
    }

    private static float dot(RopeNd rope, NDManager m, NDArray q, NDArray k, int qr, int qc, int kr, int kc) {
        NDArray rq = rope.table(m, new int[] {qr}, new int[] {qc}).apply(q);
        NDArray rk = rope.table(m, new int[] {kr}, new int[] {kc}).apply(k);
        return rq.mul(rk).sum().getFloat();
    }

    @Test
    void savedModelLoadsWithTheSameOutputsAndConfig(@TempDir Path dir) throws ModelFileException {
        AcditConfig config = AcditFixtures.tiny(16, 4, 2);
        Path file = dir.resolve("acdit.safetensors");
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(config, 13, m)) {
            AcditModel.save(file, model.parameters(), config, null);
            try (AcditModel loaded = AcditModel.load(file, m)) {
                assertEquals(config, loaded.config());
                int n = BATCH * 16 * config.patchFloats();
                float[] clean = gaussian(8, n), noisy = gaussian(9, n);
                float[] times = {1, 2, 3, 4, 5, 6, 7, 8};
                assertArrayEquals(trainingPass(model, clean, noisy, times, m), trainingPass(loaded, clean, noisy, times, m));
            }
        }
    }

    @Test
    void aDeeperModelGrownFromAShallowOnePredictsTheSameUntilTrained() {
        AcditConfig shallow = AcditFixtures.tiny(16, 4, 2);
        AcditConfig deep = shallow.withDepth(shallow.depth() + 2);
        int n = BATCH * 16 * shallow.patchFloats();
        float[] clean = gaussian(10, n), noisy = gaussian(11, n);
        float[] times = {900, 10, 300, 600, 1, 999, 450, 250};
        try (NDManager m = OfflineEngine.newManager(); AcditModel start = AcditFixtures.perturbed(shallow, 14, m);
                AcditModel grown = AcditModel.initialise(deep, 15, m);
                AcditModel perturbedDeep = AcditFixtures.perturbed(deep, 16, m)) {
            grown.copyWeightsFrom(start);
            float[] expected = trainingPass(start, clean, noisy, times, m);
            assertArrayEquals(expected, trainingPass(grown, clean, noisy, times, m), 1e-5f);
            // The extra layers are identities only while their adaLN gates are zero.
            perturbedDeep.copyWeightsFrom(start);
            assertTrue(maxAbsDiff(expected, trainingPass(perturbedDeep, clean, noisy, times, m), 0, n) > 1e-3);
        }
    }

    @Test
    void weightsCopyOnlyIntoTheSameOrADeeperArchitecture() {
        AcditConfig config = AcditFixtures.tiny(16, 4, 2);
        try (NDManager m = OfflineEngine.newManager(); AcditModel start = AcditModel.initialise(config, 1, m);
                AcditModel shallower = AcditModel.initialise(config.withDepth(1), 1, m);
                AcditModel wider = AcditModel.initialise(new AcditConfig(16, 4, 2, 64, 2, 2, 2, 8, 100.0,
                        config.styles()), 1, m)) {
            assertThrows(IllegalArgumentException.class, () -> shallower.copyWeightsFrom(start));
            assertThrows(IllegalArgumentException.class, () -> wider.copyWeightsFrom(start));
        }
    }

    @Test
    void anImageModelOrAShorterClipModelStartsAVideoModelOfTheSameNetworkWithEveryWeight() {
        AcditConfig image = new AcditConfig(16, 4, 2, 32, 2, 2, 2, 8, 100.0, List.of(EmojiStyle.values()));
        AcditConfig video = image.withFrames(4, 2, 4);
        try (NDManager m = OfflineEngine.newManager(); AcditModel start = AcditFixtures.perturbed(image, 3, m);
                AcditModel clip = AcditModel.initialise(video, 4, m);
                AcditModel otherWidth = AcditModel.initialise(new AcditConfig(16, 4, 4, 64, 2, 4, 2, 8, 100.0,
                        image.styles(), 4, 2), 4, m)) {
            clip.copyWeightsFrom(start);
            var source = start.parameters().asMap();
            var copied = clip.parameters().asMap();
            assertEquals(source.keySet(), copied.keySet());
            source.forEach((name, value) -> assertArrayEquals(value.toFloatArray(), copied.get(name).toFloatArray(), name));
            assertThrows(IllegalArgumentException.class, () -> otherWidth.copyWeightsFrom(start));
            assertThrows(IllegalArgumentException.class, () -> start.copyWeightsFrom(clip), "a video model does not start an image model");
            try (AcditModel longer = AcditModel.initialise(video.withFrames(8, 2, 4), 5, m)) {
                longer.copyWeightsFrom(clip); // a short-clip stage starts the full-length model
                assertArrayEquals(clip.parameters().get("final.out.weight").toFloatArray(),
                        longer.parameters().get("final.out.weight").toFloatArray());
            }
        }
    }

    @Test
    void unknownStyleAndBadGeometryAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AcditConfig(32, 4, 3, 64, 1, 2, 2, 8, 100, List.of(EmojiStyle.GOOGLE)));
        assertThrows(IllegalArgumentException.class, () -> new AcditConfig(32, 4, 4, 36, 1, 2, 2, 8, 100, List.of(EmojiStyle.GOOGLE)));
        AcditConfig googleOnly = new AcditConfig(16, 4, 2, 32, 1, 2, 2, 8, 100, List.of(EmojiStyle.GOOGLE));
        assertThrows(IllegalArgumentException.class, () -> googleOnly.styleIndex(EmojiStyle.TWITTER));
    }

    @Test
    void patchTokensFollowTheBlockLayoutAndRoundTrip() {
        BlockLayout layout = new BlockLayout(8, 2, 2); // 4×4 tokens, 4 blocks
        PatchTokens patches = new PatchTokens(layout);
        float[] image = new float[3 * 64];
        for (int i = 0; i < image.length; i++) {
            image[i] = i;
        }
        float[] tokens = new float[image.length];
        patches.toTokens(image, 0, tokens, 0);
        // token 4 is the first token of block 1: grid (0, 2) → pixel (0, 4), channel 0 first
        assertEquals(4f, tokens[4 * 12]);
        assertEquals(64f + 4f, tokens[4 * 12 + 1]);
        assertArrayEquals(image, patches.toImage(tokens));
        List<Float> seen = new ArrayList<>();
        for (float t : tokens) {
            seen.add(t);
        }
        assertEquals(image.length, seen.stream().distinct().count());
    }
}
