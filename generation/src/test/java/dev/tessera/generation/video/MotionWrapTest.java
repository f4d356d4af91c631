package dev.tessera.generation.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Motions that go on: straight ones wrap around the frame, zooms restart, and the tracker follows both. */
class MotionWrapTest {

    private static final int SIZE = 32;
    private static MotionClips clips;
    private static Sprite face;

    @BeforeAll
    static void load() {
        clips = new MotionClips(EmojiDataset.loadBundled(EmojiStyle.GOOGLE, EmojiStyle.TWITTER), 48, 1);
        face = clips.trainingPairs().stream().filter(p -> p.prompt().equals("grinning face moving left")).findFirst()
                .orElseThrow().sprite();
    }

    /** Uniform numbers with a plain background (u0 < 0.5) and the given ones set. */
    private static double[] uniforms(int index, double value, int index2, double value2) {
        double[] u = {0.2, 0.5, 0.5, 0.5, 0.1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        u[index] = value;
        u[index2] = value2;
        return u;
    }

    /** Whether column x of frame f differs from the plain background anywhere (some sprite pixel in it). */
    private static boolean spriteInColumn(float[] clip, MotionPath path, int f, int x) {
        int plane = SIZE * SIZE;
        for (int y = 0; y < SIZE; y++) {
            for (int c = 0; c < 3; c++) {
                double value = (clip[f * 3 * plane + c * plane + y * SIZE + x] + 1) / 2;
                if (Math.abs(value - path.from()[c]) > 0.05) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aSpriteMovingRightReEntersOnTheLeft() {
        MotionPath path = MotionPath.draw(Motion.RIGHT, uniforms(12, 0.6, 9, 0.5), 48, SIZE, 16);
        assertTrue(path.vx() > 0.6 && path.vx() < 0.95, "10–14 px per 15 frames: " + path.vx());
        float[] clip = MotionRenderer.render(face, path, 48, SIZE);
        int crossing = -1, beyond = -1;
        for (int f = 0; f < 48; f++) {
            if (crossing < 0 && path.centreX(f) >= SIZE) {
                crossing = f;
            }
            if (beyond < 0 && path.centreX(f) >= SIZE + 10) {
                beyond = f;
            }
        }
        assertTrue(crossing > 0 && beyond > crossing, "the path crosses the right edge within 48 frames");
        assertTrue(spriteInColumn(clip, path, 0, 16) && !spriteInColumn(clip, path, 0, 0), "frame 0: whole, right of middle");
        assertTrue(spriteInColumn(clip, path, crossing, 0) && spriteInColumn(clip, path, crossing, SIZE - 1),
                "crossing the edge: on both sides");
        assertTrue(spriteInColumn(clip, path, beyond, 10) && !spriteInColumn(clip, path, beyond, SIZE - 4),
                "past the edge: back on the left, gone from the right");
        // On the torus a whole frame's shift draws the same clip.
        MotionPath shifted = new MotionPath(path.motion(), path.x0() - SIZE, path.y0() + SIZE, path.vx(), path.vy(),
                path.hop(), path.period(), path.phase(), path.scale0(), path.growth(), path.spin(), path.cycle(),
                path.shift(), path.from(), path.to(), path.gx(), path.gy());
        assertArrayEquals(clip, MotionRenderer.render(face, shifted, 48, SIZE), 1e-5f);
        // The tracker follows it across: unwrapped, it keeps the path's pace.
        List<SpriteTrack> track = MotionTracker.track(clip, 48, SIZE);
        double offset = track.get(0).x() - path.centreX(0);
        for (int f = 0; f < 48; f++) {
            assertEquals(path.centreX(f) + offset, track.get(f).x(), 0.5, "frame " + f);
        }
        assertEquals(Motion.RIGHT, MotionClassifier.classify(track));
        assertEquals(java.util.Collections.nCopies(48, Motion.RIGHT), MotionClassifier.perFrame(track, 8));
    }

    @Test
    void aZoomRestartsItsCycleAndStillReadsAsAZoom() {
        // shift = 20 · 0.5 = 10 frames into the cycle at frame 0: resets at frames 10 and 30.
        MotionPath path = MotionPath.draw(Motion.ZOOM_IN, uniforms(15, 0.5, 9, 0.5), 48, SIZE, 16);
        double step = Math.exp(path.growth());
        for (int f = 0; f + 1 < 48; f++) {
            double ratio = path.scale(f + 1) / path.scale(f);
            if (f + 1 == 10 || f + 1 == 30) {
                assertEquals(path.scale0(), path.scale(f + 1), 1e-12, "back to the smallest at frame " + (f + 1));
                assertTrue(ratio < 0.55, "a reset shrinks the sprite: " + ratio);
            } else {
                assertEquals(step, ratio, 1e-9, "frame " + f + " grows as every frame does");
            }
        }
        float[] clip = MotionRenderer.render(face, path, 48, SIZE);
        List<SpriteTrack> track = MotionTracker.track(clip, 48, SIZE);
        assertTrue(track.get(10).size() < 0.7 * track.get(9).size(), "the tracked size drops at the reset");
        assertEquals(Motion.ZOOM_IN, MotionClassifier.classify(track));
        assertEquals(Motion.ZOOM_IN, MotionClassifier.classify(track.subList(4, 16)), "a window over the reset");
        assertEquals(java.util.Collections.nCopies(48, Motion.ZOOM_IN), MotionClassifier.perFrame(track, 8));
        MotionPath out = MotionPath.draw(Motion.ZOOM_OUT, uniforms(15, 0.5, 9, 0.5), 48, SIZE, 16);
        assertEquals(Motion.ZOOM_OUT, MotionClassifier.classify(MotionTracker.track(MotionRenderer.render(face, out, 48,
                SIZE), 48, SIZE).subList(4, 16)), "a zoom out's reset grows the sprite, still zooming out");
    }

    @Test
    void aLongerClipGoesOnWithTheSamePath() {
        MotionClips shortClips = new MotionClips(clips.data(), 16, 1);
        for (MotionClips.Pair pair : List.of(clips.trainingPairs().get(0), clips.trainingPairs().get(5),
                clips.trainingPairs().get(12))) {
            float[] longClip = clips.clip(pair, 7), shortClip = shortClips.clip(pair, 7);
            assertArrayEquals(shortClip, java.util.Arrays.copyOf(longClip, shortClip.length), pair.prompt());
        }
    }

    @Test
    void theTrackerClassifiesLongWrappedTrainingClips() {
        // 10 clips of 48 frames of each motion, emoji spread over the list (docs/results/video.md measures 4,000).
        List<MotionClips.Pair> pairs = clips.trainingPairs();
        Map<Motion, Integer> drawn = new EnumMap<>(Motion.class);
        int right = 0, total = 0, wrapped = 0;
        for (int i = 0; total < 80; i += 89) {
            MotionClips.Pair pair = pairs.get(i % pairs.size());
            if (drawn.merge(pair.motion(), 1, Integer::sum) > 10) {
                continue;
            }
            MotionPath path = clips.path(pair, i);
            if (Math.floor(path.centreX(47) / SIZE) != Math.floor(path.centreX(0) / SIZE)
                    || Math.floor(path.centreY(47) / SIZE) != Math.floor(path.centreY(0) / SIZE)) {
                wrapped++;
            }
            Motion found = MotionClassifier.classify(MotionTracker.track(clips.clip(pair, i), 48, SIZE));
            right += found == pair.motion() ? 1 : 0;
            total++;
        }
        assertTrue(wrapped >= 30, wrapped + " of the 40 straight clips cross an edge");
        assertTrue(right >= 79, right + " of 80 right");
    }
}
