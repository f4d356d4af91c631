package dev.tessera.app.video;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.sampling.ClipSpan;

/**
 * The clip part of a video request: how many frames, how far back each block looks, and how fast the
 * clip plays. The model decides what fits (a multiple of its block, a window no longer than its
 * training clips): {@link #span} checks that against it.
 *
 * @param frames frames to generate, at least 1
 * @param window frames one block's attention covers, itself included; 0 for the model's training length
 * @param fps    frames per second of the exported clip, above 0 and at most {@link #MAX_FPS}
 * @param still  whether a prompt that names a motion opens with the image model's still of its emoji, moved along
 *               the motion, as the clip's first block ({@link dev.tessera.generation.acdit.sampling.StillOpening}):
 *               the default of every front end, as it draws the emoji recognisably twice as often
 *               (docs/results/video.md); false: the video model alone, as every clip before it was made
 */
public record ClipSettings(int frames, int window, double fps, boolean still) {

    public static final double DEFAULT_FPS = 8;
    public static final double MAX_FPS = 60;
    public static final int MAX_FRAMES = 1024;

    public ClipSettings {
        if (frames < 1 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException("frames must be between 1 and " + MAX_FRAMES + ", got " + frames);
        }
        if (window < 0) {
            throw new IllegalArgumentException("window must be 0 (the model's training length) or more frames, got "
                    + window);
        }
        if (!Double.isFinite(fps) || fps <= 0 || fps > MAX_FPS) {
            throw new IllegalArgumentException("fps must be above 0 and at most " + (int) MAX_FPS + ", got " + fps);
        }
    }

    /** The video model alone, without a still opening. */
    public ClipSettings(int frames, int window, double fps) {
        this(frames, window, fps, false);
    }

    /** With or without the still opening. */
    public ClipSettings withStill(boolean newStill) {
        return new ClipSettings(frames, window, fps, newStill);
    }

    /** The sampler's span for {@code model}, refused with the setting that does not fit. */
    public ClipSpan span(AcditConfig model) {
        if (!model.isVideo()) {
            throw new IllegalArgumentException("this is an image model: it cannot make a clip (leave out --video)");
        }
        return new ClipSpan(frames, window == 0 ? model.frames() : window).checkFor(model);
    }

    /** GIF frame delay in hundredths of a second (GIF's unit), at least 1. */
    public int gifDelayCentiseconds() {
        return Math.max(1, (int) Math.round(100 / fps));
    }
}
