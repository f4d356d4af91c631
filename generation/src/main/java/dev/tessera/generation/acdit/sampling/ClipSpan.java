package dev.tessera.generation.acdit.sampling;

import dev.tessera.generation.acdit.model.AcditConfig;

/**
 * How much a video model generates and how far back it looks. A clip may be longer than the clips
 * the model was trained on: each new block then sees only the last {@code window} frames (itself
 * included), re-positioned so that the window starts at frame 0, which keeps every position inside
 * the range the model was trained on.
 *
 * @param frames frames to generate, a multiple of the model's frames per block
 * @param window frames one block's attention covers, the block itself included: at least one block,
 *               a multiple of the block, at most the model's training length
 */
public record ClipSpan(int frames, int window) {

    public ClipSpan {
        if (frames <= 0) {
            throw new IllegalArgumentException("frames must be at least 1, was " + frames);
        }
        if (window <= 0) {
            throw new IllegalArgumentException("the window must be at least 1 frame, was " + window);
        }
    }

    /** {@code frames} frames with the longest window the model allows (its training length). */
    public static ClipSpan of(AcditConfig config, int frames) {
        return new ClipSpan(frames, config.frames());
    }

    /** The model's own length: one image for an image model, one training clip for a video model. */
    public static ClipSpan trainedLength(AcditConfig config) {
        return new ClipSpan(config.frames(), config.frames());
    }

    /** Checks this span against the model, with a message naming the setting that does not fit. */
    public ClipSpan checkFor(AcditConfig config) {
        int block = config.framesPerBlock();
        if (!config.isVideo()) {
            if (frames != 1) {
                throw new IllegalArgumentException("this is an image model: it makes one frame, not " + frames);
            }
            return this;
        }
        if (frames % block != 0) {
            throw new IllegalArgumentException("frames " + frames + " must be a multiple of the model's block of "
                    + block + " frames");
        }
        if (window < block) {
            throw new IllegalArgumentException("the window of " + window + " frames is smaller than one block ("
                    + block + " frames)");
        }
        if (window % block != 0) {
            throw new IllegalArgumentException("the window of " + window + " frames must be a multiple of the block of "
                    + block + " frames");
        }
        if (window > config.frames()) {
            throw new IllegalArgumentException("the window of " + window + " frames is longer than the "
                    + config.frames() + " frames the model was trained on");
        }
        return this;
    }

    /** Blocks of the model's layout that one window spans. */
    int windowBlocks(AcditConfig config) {
        return config.layout().blockCount() * window / config.frames();
    }
}
