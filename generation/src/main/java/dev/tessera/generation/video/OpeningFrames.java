package dev.tessera.generation.video;

import dev.tessera.generation.random.NoiseSource;

/**
 * A clip's opening drawn from a still of its emoji: the still cut out as a sprite ({@link Sprite#cutOut(float[], int,
 * int)}) and moved along a path of the prompt's motion, drawn from the seed the way the training clips' paths are
 * ({@link MotionPath#draw}). Kept as a clip's first block, it shows the video model which emoji to carry on: an
 * image model draws an emoji far more recognisably than the video model does from the words alone
 * (docs/results/video.md, "Opening with the image model's still").
 */
public final class OpeningFrames {

    /** Stream id of opening paths, apart from the training clips' ({@link MotionClips#STREAM}) and the noise's. */
    static final long STREAM = 0x6F70656E696E67L; // "opening"

    private OpeningFrames() {}

    /**
     * {@code frames} frames of {@code size}² pixels (CHW floats in [-1, 1], one frame after another) of
     * {@code still}'s emoji, {@code spriteSide} texels on a side, in {@code motion}; the same arguments give the same
     * frames. Paths go on for ever, so any frame count works; a caller keeps the first block of them.
     */
    public static float[] clip(float[] still, int size, int spriteSide, Motion motion, long seed, int frames) {
        Sprite sprite = Sprite.cutOut(still, size, spriteSide);
        MotionPath path = MotionPath.draw(motion, NoiseSource.of(seed).stream(STREAM, motion.ordinal()), frames, size,
                spriteSide);
        return MotionRenderer.render(sprite, path, frames, size);
    }
}
