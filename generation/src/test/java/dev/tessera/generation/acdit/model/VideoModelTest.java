package dev.tessera.generation.acdit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.random.NoiseSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A video model is the ACDiT network with a frame axis: layout, positions, config file and frame-causality. */
class VideoModelTest {

    @Test
    void aVideoBlockIsWholeFramesEachInRasterOrder() {
        BlockLayout layout = new BlockLayout(32, 4, 8, 16, 2); // 8×8 tokens a frame, 2 frames a block
        assertEquals(8, layout.blockCount());
        assertEquals(128, layout.tokensPerBlock());
        assertEquals(16 * 64, layout.tokenCount());
        int token = 3 * 128 + 64 + 8 * 5 + 2; // block 3, its second frame, row 5, col 2
        assertEquals(List.of(7, 5, 2), List.of(layout.frame(token), layout.row(token), layout.col(token)));
        assertEquals(3, layout.blockOf(token));
        BlockLayout image = new BlockLayout(32, 4, 4);
        for (int t = 0; t < image.tokenCount(); t++) {
            assertEquals(0, image.frame(t));
        }
    }

    @Test
    void badVideoGeometryIsRefusedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BlockLayout(32, 4, 4, 16, 2)).getMessage()
                .contains("whole frames"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BlockLayout(32, 4, 8, 15, 2)).getMessage()
                .contains("does not divide the 15 frames"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BlockLayout(32, 4, 8, 0, 1)).getMessage()
                .contains("frames and framesPerBlock must be positive"));
        // 3-D RoPE needs head dimensions in multiples of 16: width 48 / 2 heads = 24 is refused for video only.
        new AcditConfig(32, 4, 8, 48, 1, 2, 2, 8, 100, List.of(EmojiStyle.GOOGLE));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new AcditConfig(32, 4, 8, 48, 1, 2, 2, 8, 100, List.of(EmojiStyle.GOOGLE), 16, 2)).getMessage()
                .contains("16 (3-D RoPE)"));
    }

    @Test
    void threeDRopeDependsOnlyOnTheFrameRowAndColumnDifferences() {
        int headDim = 32;
        RopeNd rope = RopeNd.forLayout(headDim, 100, new BlockLayout(8, 4, 2, 4, 2));
        try (NDManager m = OfflineEngine.newManager()) {
            NDArray q = m.create(NoiseSource.of(1).stream(0).gaussian(headDim), new Shape(1, headDim));
            NDArray k = m.create(NoiseSource.of(1).stream(1).gaussian(headDim), new Shape(1, headDim));
            int[][] pairs = {{0, 1, 2, 3, 0, 1}, {5, 4, 6, 1, 6, 4}, {2, 0, 0, 2, 2, 2}, {9, 7, 1, 0, 0, 5}};
            for (int[] p : pairs) {
                float reference = dot(rope, m, q, k, p);
                for (int[] shift : new int[][] {{1, 0, 0}, {0, 3, 0}, {0, 0, 2}, {7, 2, 5}, {40, 0, 0}}) {
                    int[] moved = {p[0] + shift[0], p[1] + shift[1], p[2] + shift[2], p[3] + shift[0], p[4] + shift[1],
                            p[5] + shift[2]};
                    assertEquals(reference, dot(rope, m, q, k, moved), 1e-4f, "shift " + List.of(shift[0], shift[1], shift[2]));
                }
            }
            // ...and each axis's difference matters on its own.
            float same = dot(rope, m, q, k, new int[] {3, 3, 3, 3, 3, 3});
            assertEquals(q.mul(k).sum().getFloat(), same, 1e-4f, "equal positions: plain dot product");
            for (int axis = 0; axis < 3; axis++) {
                int[] apart = {3, 3, 3, 3, 3, 3};
                apart[3 + axis] = 5;
                assertTrue(Math.abs(same - dot(rope, m, q, k, apart)) > 1e-3, "axis " + axis);
            }
        }
    }

    /** q at (frame, row, col) p[0..2], k at p[3..5]. */
    private static float dot(RopeNd rope, NDManager m, NDArray q, NDArray k, int[] p) {
        NDArray rq = rope.table(m, new int[] {p[0]}, new int[] {p[1]}, new int[] {p[2]}).apply(q);
        NDArray rk = rope.table(m, new int[] {p[3]}, new int[] {p[4]}, new int[] {p[5]}).apply(k);
        return rq.mul(rk).sum().getFloat();
    }

    @Test
    void theImageRopeIsTheOldTwoDRopeWhateverTheFrameAxis() {
        // The 2-D table of an image layout equals the 3-D one's row/col sections with the old split (halves).
        try (NDManager m = OfflineEngine.newManager()) {
            BlockLayout layout = new BlockLayout(16, 4, 2);
            RopeNd.Table image = RopeNd.forLayout(16, 100, layout).table(m, layout, 0, layout.tokenCount());
            int[] rows = new int[16], cols = new int[16];
            for (int t = 0; t < 16; t++) {
                rows[t] = layout.row(t);
                cols[t] = layout.col(t);
            }
            RopeNd.Table direct = new RopeNd(16, 100, 8, 8).table(m, rows, cols);
            assertArrayEquals(direct.cos().toFloatArray(), image.cos().toFloatArray(), 0f);
            // angle of pair j in the row half: row · 100^(-j/4), as before the frame axis existed
            assertEquals((float) Math.cos(rows[5] * Math.pow(100, -1 / 4.0)), image.cos().toFloatArray()[5 * 16 + 1], 1e-7f);
        }
    }

    @Test
    void imageConfigJsonIsByteForByteWhatItWasAndVideoFieldsRoundTrip(@TempDir Path dir) throws Exception {
        Map<String, String> shipped = SafetensorsReader.read(Path.of("assets/models/acdit-default.safetensors")).metadata();
        String json = shipped.get(ModelMetadata.CONFIG_KEY);
        assertFalse(json.contains("frames"), json);
        AcditConfig image = ModelMetadata.fromMap(shipped).config(AcditConfig.class);
        assertEquals(1, image.frames());
        assertEquals(json, ModelMetadata.of(image, null).configJson().orElseThrow(), "image JSON unchanged");

        AcditConfig video = AcditFixtures.tinyVideo(4, 2);
        String videoJson = ModelMetadata.of(video, null).configJson().orElseThrow();
        assertTrue(videoJson.endsWith("\"frames\":4,\"framesPerBlock\":2}"), videoJson);
        assertEquals(video, new ModelMetadata(java.util.Optional.of(videoJson), java.util.Optional.empty(), Map.of())
                .config(AcditConfig.class));
        String unknown = videoJson.replace("\"frames\"", "\"framez\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelMetadata(java.util.Optional.of(unknown), java.util.Optional.empty(), Map.of())
                        .config(AcditConfig.class));
        assertTrue(e.getMessage().contains("framez"), e.getMessage());

        Path file = dir.resolve("video.safetensors");
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditModel.initialise(video, 1, m)) {
            AcditModel.save(file, model.parameters(), video, null);
            try (AcditModel loaded = AcditModel.load(file, m)) {
                assertEquals(video, loaded.config());
            }
        }
    }

    @Test
    void aNoisyBlockSeesOnlyEarlierFramesUnderTheSkipCausalMask() {
        AcditConfig config = AcditFixtures.tinyVideo(6, 2); // 3 blocks of 2 frames of 4 tokens
        BlockLayout layout = config.layout();
        int blockFloats = layout.tokensPerBlock() * config.patchFloats();
        int clipFloats = layout.blockCount() * blockFloats;
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(config, 21, m)) {
            float[] clean = NoiseSource.of(4).stream(0).gaussian(clipFloats);
            float[] noisy = NoiseSource.of(4).stream(1).gaussian(clipFloats);
            float[] base = pass(model, clean, noisy, m);
            for (int k = 0; k < layout.blockCount(); k++) {
                float[] changed = clean.clone();
                for (int j = k * blockFloats; j < (k + 1) * blockFloats; j++) {
                    changed[j] += 1f;
                }
                float[] out = pass(model, changed, noisy, m);
                for (int block = 0; block < layout.blockCount(); block++) {
                    float diff = 0;
                    for (int j = block * blockFloats; j < (block + 1) * blockFloats; j++) {
                        diff = Math.max(diff, Math.abs(out[j] - base[j]));
                    }
                    if (block <= k) {
                        assertEquals(0f, diff, "frames of block " + k + " leaked into noisy block " + block);
                    } else {
                        assertTrue(diff > 1e-4, "block " + k + " must inform later block " + block);
                    }
                }
            }
        }
    }

    private static float[] pass(AcditModel model, float[] clean, float[] noisy, NDManager m) {
        BlockLayout layout = model.network().layout();
        Shape tokens = new Shape(1, layout.tokenCount(), model.config().patchFloats());
        SkipCausalBias bias = SkipCausalBias.of(m, layout.blockCount(), layout.tokensPerBlock());
        return model.network().forward(new AcditNetwork.Inputs(m.create(noisy, tokens), 0,
                m.create(new float[] {900, 300, 20}, new Shape(1, 3)),
                List.of(new AcditCondition.Prompted(AcditFixtures.prompt("a", 8, 1), EmojiStyle.GOOGLE)),
                m.create(clean, tokens), 0, null, bias.cleanRows(), bias.noisyRows())).noise().toFloatArray();
    }

    @Test
    void patchTokensOfAClipAreItsFramesOneAfterAnother() {
        BlockLayout layout = new BlockLayout(8, 4, 2, 4, 2);
        PatchTokens patches = new PatchTokens(layout);
        float[] clip = new float[4 * 3 * 64];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = i;
        }
        float[] tokens = new float[clip.length];
        patches.toTokens(clip, 0, tokens, 0);
        // token 10 = block 1 (tokens 8-15), its first frame (frame 2), row 1, col 0 → pixel (4, 0) of frame 2
        assertEquals(2 * 192 + 4 * 8, tokens[10 * 48]);
        assertArrayEquals(clip, patches.toImage(tokens));
    }
}
