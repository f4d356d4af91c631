package dev.tessera.generation.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Background flicker: none on the data's own clips, and exactly where a frame's background changes. */
class BackgroundFlickerTest {

    private static final int FRAMES = 8;

    @Test
    void theDataClipsBackgroundsDoNotFlickerAndAChangedFrameDoes() {
        MotionClips clips = new MotionClips(EmojiDataset.loadBundled(EmojiStyle.GOOGLE), FRAMES, 3);
        int size = clips.imageSize();
        int checked = 0;
        for (MotionClips.Pair pair : clips.trainingPairs().subList(0, 40)) {
            float[] clip = clips.clip(pair, 0);
            List<SpriteTrack> track = MotionTracker.track(clip, FRAMES, size);
            for (int f = 1; f < FRAMES; f++) {
                double flicker = BackgroundFlicker.between(clip, size, f, track.get(f - 1), track.get(f));
                assertEquals(0, flicker, 1e-6, pair.prompt() + ", frame " + f);
            }
            // Frame 4's corner pixel (far from any sprite near the middle) brightened by 0.2 of the range.
            float[] changed = clip.clone();
            int frame = 3 * size * size;
            for (int c = 0; c < 3; c++) {
                changed[4 * frame + c * size * size] += 0.4f;
            }
            List<SpriteTrack> again = MotionTracker.track(changed, FRAMES, size);
            double into = BackgroundFlicker.between(changed, size, 4, again.get(3), again.get(4));
            double out = BackgroundFlicker.between(changed, size, 5, again.get(4), again.get(5));
            if (!near(again.get(3), size) && !near(again.get(4), size) && !near(again.get(5), size)) {
                assertTrue(into > 0 && out > 0, pair.prompt() + ": " + into + ", " + out);
                // Only the two changes that touch frame 4 see it.
                assertEquals(0, BackgroundFlicker.between(changed, size, 3, again.get(2), again.get(3)), 1e-6);
                assertEquals(0, BackgroundFlicker.between(changed, size, 6, again.get(5), again.get(6)), 1e-6);
                checked++;
            }
        }
        assertTrue(checked >= 10, "clips whose sprite stays clear of the changed pixel: " + checked);
    }

    @Test
    void aSpriteCoveringTheFrameLeavesNoBackgroundAndFrameZeroHasNoPredecessor() {
        int size = 8;
        float[] clip = new float[2 * 3 * size * size];
        SpriteTrack everywhere = new SpriteTrack(4, 4, 20, 0);
        assertTrue(Double.isNaN(BackgroundFlicker.between(clip, size, 1, everywhere, everywhere)));
        assertThrows(IllegalArgumentException.class, () -> BackgroundFlicker.between(clip, size, 0, everywhere, everywhere));
        assertThrows(IllegalArgumentException.class, () -> BackgroundFlicker.between(clip, size, 2, everywhere, everywhere));
    }

    /** Whether the sprite's reach covers pixel (0, 0), the one the test changes. */
    private static boolean near(SpriteTrack track, int size) {
        double reach = track.size() + BackgroundFlicker.MARGIN;
        double dx = Math.min(track.x() - 0.5, size - (track.x() - 0.5)), dy = Math.min(track.y() - 0.5, size - (track.y() - 0.5));
        return dx * dx + dy * dy <= reach * reach;
    }
}
