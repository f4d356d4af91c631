package dev.tessera.generation.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiSet;
import dev.tessera.generation.data.EmojiStyle;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A still moved along a prompt's motion: the opening block of a clip. */
class OpeningFramesTest {

    private static float[] still(EmojiSet art, int index) {
        int size = art.imageSize();
        int plane = size * size;
        float[] chw = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            int rgb = art.rgb(index, p % size, p / size);
            for (int c = 0; c < 3; c++) {
                chw[c * plane + p] = (rgb >> (16 - 8 * c) & 0xFF) / 127.5f - 1;
            }
        }
        return chw;
    }

    @Test
    void theSameSeedGivesTheSameFramesAndTheTrackerSeesTheMotion() {
        EmojiSet art = EmojiDataset.loadBundled(EmojiStyle.GOOGLE).sets().get(0);
        int size = art.imageSize();
        float[] still = still(art, 3);
        float[] clip = OpeningFrames.clip(still, size, 16, Motion.RIGHT, 7, 16);
        assertEquals(16 * 3 * size * size, clip.length);
        assertArrayEquals(clip, OpeningFrames.clip(still, size, 16, Motion.RIGHT, 7, 16));
        assertFalse(Arrays.equals(clip, OpeningFrames.clip(still, size, 16, Motion.RIGHT, 8, 16)), "another seed, another path");
        // A longer clip continues the shorter one: its first frames are the same.
        float[] longer = OpeningFrames.clip(still, size, 16, Motion.RIGHT, 7, 48);
        assertArrayEquals(clip, Arrays.copyOf(longer, clip.length));
        for (Motion motion : List.of(Motion.LEFT, Motion.UP, Motion.DOWN)) {
            float[] moving = OpeningFrames.clip(still, size, 16, motion, 7, 16);
            List<Motion> seen = MotionClassifier.perFrame(MotionTracker.track(moving, 16, size), 8);
            assertTrue(seen.stream().filter(m -> m == motion).count() >= 12, motion + ": " + seen);
        }
    }
}
