package dev.tessera.generation.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Motion clips from the real emoji art, and the tracker that reads their motion back. */
class MotionClipsTest {

    private static MotionClips clips;

    @BeforeAll
    static void load() {
        clips = new MotionClips(EmojiDataset.loadBundled(EmojiStyle.GOOGLE, EmojiStyle.TWITTER), 16, 1);
    }

    private static MotionClips.Pair find(String prompt, EmojiStyle style) {
        return clips.trainingPairs().stream().filter(p -> p.prompt().equals(prompt) && p.style() == style).findFirst()
                .orElseThrow(() -> new AssertionError("no training pair '" + prompt + "'"));
    }

    @Test
    void promptsNameTheEmojiAndTheMotion() {
        MotionClips.Pair rocket = find("rocket moving up", EmojiStyle.GOOGLE);
        assertEquals(Motion.UP, rocket.motion());
        assertTrue(rocket.promptTexts().contains("rocket moving up"), rocket.promptTexts().toString());
        assertEquals(Motion.SPIN, Motion.named("Cat face spinning").orElseThrow());
        assertTrue(Motion.named("cat face").isEmpty());
        assertEquals("Cat face", Motion.withoutMotion(" Cat face spinning "));
        assertEquals("cat face", Motion.withoutMotion("cat face"), "no motion: the prompt as it is");
    }

    @Test
    void everyEmojiHoldsOutExactlyOneMotionThatTrainingNeverShows() {
        Map<String, Set<Motion>> trained = new HashMap<>();
        for (MotionClips.Pair p : clips.trainingPairs()) {
            trained.computeIfAbsent(p.item().unified() + p.style(), k -> new HashSet<>()).add(p.motion());
        }
        Map<Motion, Integer> heldPerMotion = new EnumMap<>(Motion.class);
        for (MotionClips.Pair p : clips.heldOutPairs()) {
            Set<Motion> seen = trained.get(p.item().unified() + p.style());
            assertEquals(7, seen.size(), p.prompt());
            assertFalse(seen.contains(p.motion()), p.prompt());
            heldPerMotion.merge(p.motion(), 1, Integer::sum);
        }
        assertEquals(trained.size(), clips.heldOutPairs().size());
        // Every motion is held out for some emoji, and none takes more than twice its share.
        assertEquals(8, heldPerMotion.size());
        heldPerMotion.values().forEach(count -> assertTrue(count < 2 * clips.heldOutPairs().size() / 8, heldPerMotion.toString()));
        assertTrue(clips.trainingPairs().stream().noneMatch(p -> p.item().hasSkinTone()));
    }

    @Test
    void clipsAreMadeFromTheSeedAloneAndDifferByVariant() {
        MotionClips.Pair pair = find("rocket moving up", EmojiStyle.TWITTER);
        float[] clip = clips.clip(pair, 3);
        assertEquals(16 * 3 * 32 * 32, clip.length);
        MotionClips again = new MotionClips(clips.data(), 16, 1);
        assertArrayEquals(clip, again.clip(pair, 3));
        assertFalse(java.util.Arrays.equals(clip, clips.clip(pair, 4)));
        assertFalse(java.util.Arrays.equals(clip, new MotionClips(clips.data(), 16, 2).clip(pair, 3)));
        for (float v : clip) {
            assertTrue(v >= -1f && v <= 1f);
        }
    }

    @Test
    void theSpriteIsCutOutOfItsWhiteBackground() {
        Sprite face = find("grinning face moving left", EmojiStyle.GOOGLE).sprite();
        assertEquals(16, face.side());
        assertEquals(0f, face.texel(0, 0, 3), "corner: background");
        assertEquals(1f, face.texel(8, 8, 3), "middle: the face");
        assertTrue(face.coverage() > 0.5 && face.coverage() < 0.95, "coverage " + face.coverage());
    }

    @Test
    void theTrackerFindsTheSpriteWhereThePathPutsIt() {
        MotionClips.Pair pair = find("rocket moving right", EmojiStyle.GOOGLE);
        MotionPath path = clips.path(pair, 0);
        List<SpriteTrack> track = MotionTracker.track(clips.clip(pair, 0), 16, 32);
        // The rocket is not symmetric about its centre, so its weighted centre sits off the path by a fixed amount.
        double offsetX = track.get(0).x() - path.centreX(0);
        for (int f = 0; f < 16; f++) {
            assertEquals(path.centreX(f) + offsetX, track.get(f).x(), 0.5, "frame " + f);
        }
        assertTrue(path.centreX(15) - path.centreX(0) > 9, "a clear move");
    }

    @Test
    void theTrackerClassifiesTheTrainingClipsMotions() {
        // 20 clips of each motion, emoji spread over the whole list; measured 3,997 of 4,000 right (docs/results/video.md).
        List<MotionClips.Pair> pairs = clips.trainingPairs();
        Map<Motion, Integer> drawn = new EnumMap<>(Motion.class);
        int right = 0, total = 0;
        for (int i = 0; total < 160; i += 97) {
            MotionClips.Pair pair = pairs.get(i % pairs.size());
            if (drawn.merge(pair.motion(), 1, Integer::sum) > 20) {
                continue;
            }
            Motion found = MotionClassifier.classify(MotionTracker.track(clips.clip(pair, i), 16, 32));
            right += found == pair.motion() ? 1 : 0;
            total++;
        }
        assertTrue(right >= 158, right + " of 160 right");
    }

    @Test
    void aLongClipIsClassifiedFrameByFrameOverAWindow() {
        // A 48-frame clip whose first half moves left and whose second half spins in place.
        MotionClips.Pair pair = find("grinning face moving left", EmojiStyle.TWITTER);
        MotionPath left = MotionPath.draw(Motion.LEFT, new double[] {0.2, 0.5, 0.5, 0.5, 0.1, 0.5, 0.5, 0.5, 0.5, 0.9,
                0.5, 0.5, 0.3, 0.5, 0.5, 0.5}, 24, 32, 16);
        MotionPath spin = MotionPath.draw(Motion.SPIN, new double[] {0.2, 0.5, 0.5, 0.5, 0.1, 0.5, 0.5, 0.5, 0.5, 0.9,
                0.5, 0.5, 0.3, 0.5, 0.5, 0.5}, 24, 32, 16);
        float[] clip = new float[48 * 3 * 32 * 32];
        System.arraycopy(MotionRenderer.render(pair.sprite(), left, 24, 32), 0, clip, 0, clip.length / 2);
        System.arraycopy(MotionRenderer.render(pair.sprite(), spin, 24, 32), 0, clip, clip.length / 2, clip.length / 2);
        List<Motion> motions = MotionClassifier.perFrame(MotionTracker.track(clip, 48, 32), 8);
        assertEquals(48, motions.size());
        assertEquals(java.util.Collections.nCopies(20, Motion.LEFT), motions.subList(0, 20));
        assertEquals(java.util.Collections.nCopies(20, Motion.SPIN), motions.subList(28, 48));
    }

    @Test
    void theIdentityOfATrackedSpriteIsItsOwnSpriteAmongOthers() {
        // 40 candidates spread over the list; measured 100 of 100 frames first among 200 (docs/results/video.md).
        List<MotionClips.Pair> pairs = clips.trainingPairs();
        List<Sprite> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            candidates.add(pairs.get(i * 631 % pairs.size()).sprite());
        }
        for (int i = 0; i < 8; i++) {
            MotionClips.Pair pair = pairs.get(i * 631 % pairs.size());
            float[] clip = clips.clip(pair, i);
            List<SpriteTrack> track = MotionTracker.track(clip, 16, 32);
            for (int f : new int[] {0, 15}) {
                assertEquals(0, SpriteIdentity.rank(clip, 16, 32, f, track.get(f), candidates, i),
                        pair.prompt() + ", frame " + f);
            }
        }
    }
}
