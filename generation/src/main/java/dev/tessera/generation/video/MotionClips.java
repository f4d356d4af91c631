package dev.tessera.generation.video;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.data.EmojiSample;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.data.EmojiSplit;
import dev.tessera.generation.random.NoiseSource;
import dev.tessera.generation.random.NoiseStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Motion clips made from the real emoji art, on the fly and deterministically: every base emoji
 * (no skin-tone variants) of the training split, in each style, cut out as a {@link Sprite}, in each
 * {@link Motion}. One motion of every emoji is held out ({@link #heldOutMotion}), so the held-out
 * pairs are emoji and motions both seen in training, never together. Clip {@code variant} of a pair
 * draws its path from the seed, the pair and the variant ({@link #path}): nothing is stored.
 */
public final class MotionClips {

    /** Stream id of motion paths, apart from every other use of a seed. */
    static final long STREAM = 0x6D6F74696F6EL; // "motion"

    /** One emoji image in one motion. */
    public record Pair(int sample, EmojiItem item, EmojiStyle style, Motion motion, Sprite sprite) {

        public Pair {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(motion, "motion");
        }

        /** The pair's prompt with the emoji's name: "rocket moving up". */
        public String prompt() {
            return motion.prompt(item.name());
        }

        /** Every prompt text of the pair: each of the emoji's names, then the motion. */
        public List<String> promptTexts() {
            return item.promptTexts().stream().map(motion::prompt).toList();
        }
    }

    private final EmojiDataset data;
    private final long seed;
    private final int frames;
    private final List<Pair> training = new ArrayList<>();
    private final List<Pair> heldOut = new ArrayList<>();

    /**
     * @param frames frames of every clip
     * @param seed   the seed every path derives from
     */
    public MotionClips(EmojiDataset data, int frames, long seed) {
        this(data, frames, seed, data.imageSize() / 2);
    }

    /**
     * @param frames     frames of every clip
     * @param seed       the seed every path derives from
     * @param spriteSide texels on a sprite's side (the art shrunk to it; half the art's side by default)
     */
    public MotionClips(EmojiDataset data, int frames, long seed, int spriteSide) {
        if (frames <= 0) {
            throw new IllegalArgumentException("clips need at least one frame, got " + frames);
        }
        this.data = data;
        this.seed = seed;
        this.frames = frames;
        for (int i = 0; i < data.size(); i++) {
            EmojiSample sample = data.sample(i);
            EmojiItem item = sample.item();
            if (item.hasSkinTone() || EmojiSplit.isValidation(item)) {
                continue;
            }
            Sprite sprite = Sprite.cutOut(data.sets().get(sample.setIndex()), sample.itemIndex(), spriteSide);
            Motion held = heldOutMotion(item);
            for (Motion motion : Motion.values()) {
                (motion == held ? heldOut : training).add(new Pair(i, item, sample.style(), motion, sprite));
            }
        }
        if (training.isEmpty()) {
            throw new IllegalArgumentException("no base emoji of the training split in the data");
        }
    }

    /** The motion of {@code item} that training never shows (a fixed hash of its base code points). */
    public static Motion heldOutMotion(EmojiItem item) {
        return Motion.values()[Math.floorMod(("tessera-motion-split:" + item.baseUnified()).hashCode(),
                Motion.values().length)];
    }

    public List<Pair> trainingPairs() {
        return List.copyOf(training);
    }

    public List<Pair> heldOutPairs() {
        return List.copyOf(heldOut);
    }

    public int frames() {
        return frames;
    }

    public int imageSize() {
        return data.imageSize();
    }

    public EmojiDataset data() {
        return data;
    }

    /** The path of clip {@code variant} of {@code pair}, keyed by the emoji's code points, style and motion. */
    public MotionPath path(Pair pair, int variant) {
        NoiseStream stream = NoiseSource.of(seed).stream(STREAM, pair.style().ordinal(), pair.item().unified().hashCode(),
                pair.motion().ordinal(), variant);
        return MotionPath.draw(pair.motion(), stream, frames, data.imageSize(), pair.sprite().side());
    }

    /** Clip {@code variant} of {@code pair}: CHW frames in [-1, 1], one after another. */
    public float[] clip(Pair pair, int variant) {
        return MotionRenderer.render(pair.sprite(), path(pair, variant), frames, data.imageSize());
    }

    /** Floats of one clip. */
    public int floatsPerClip() {
        return frames * data.floatsPerImage();
    }
}
