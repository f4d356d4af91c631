package dev.tessera.generation.acdit.sampling;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.video.Motion;
import dev.tessera.generation.video.OpeningFrames;
import java.util.List;
import java.util.Optional;

/**
 * Text to video in two models: the image model draws the emoji the prompt names (the prompt without its motion
 * words), {@link OpeningFrames} moves that still along the prompt's motion, and the clip's first block is kept from
 * those frames, so the video model generates every block after it with the emoji in its context. The video
 * model alone draws an emoji recognisably far less often than the image model does (docs/results/video.md).
 *
 * @param imageModel the image model that draws the still (an ACDiT image model of the video model's size)
 * @param sampler    the still's sampler
 * @param steps      the still's denoising steps a block
 * @param guidance   the still's guidance
 * @param spriteSide texels on the sprite's side, as the video model trained on
 */
public record StillOpening(AcditModel imageModel, SamplerKind sampler, int steps, AcditGuidance guidance,
        int spriteSide) {

    /** Texels on a sprite's side in the clips the bundled video model trained on (data export-motion-set's default). */
    public static final int SPRITE_SIDE = 16;

    public StillOpening {
        if (imageModel.config().isVideo()) {
            throw new IllegalArgumentException("the still is drawn by an image model; this is a video model");
        }
        java.util.Objects.requireNonNull(sampler, "sampler");
        if (steps < 1) {
            throw new IllegalArgumentException("the still needs at least one step, got " + steps);
        }
    }

    /** The same drawing for sprites of {@code side} texels (a video model trained on another sprite size). */
    public StillOpening withSpriteSide(int side) {
        return new StillOpening(imageModel, sampler, steps, guidance, side);
    }

    /** The emoji of {@code prompt} ({@link Motion#withoutMotion}) as the image model draws it for {@code seed}. */
    public float[] still(String prompt, EmojiStyle style, long seed, CancellationToken cancellation) {
        AcditSampler drawing = new AcditSampler(imageModel, sampler.create(LinearNoiseSchedule.ddpm()),
                AcditSampler.ContextMode.KV_CACHE);
        AcditCondition condition = AcditCondition.of(PromptEncoder.shared().encode(Motion.withoutMotion(prompt)), style);
        return drawing.sample(List.of(condition), new long[] {seed}, guidance,
                SamplingOptions.steps(steps).withCancellation(cancellation), BlockListener.NONE).get(0);
    }

    /**
     * Where a clip of {@code frames} frames of {@code prompt} starts: its first block kept from the opening frames,
     * or empty when the prompt names no motion (nothing to move the still along: the video model starts alone).
     */
    public Optional<SamplingStart> start(String prompt, EmojiStyle style, long seed, int frames,
            CancellationToken cancellation) {
        Optional<Motion> motion = Motion.named(prompt);
        if (motion.isEmpty()) {
            return Optional.empty();
        }
        int size = imageModel.config().imageSize();
        float[] clip = OpeningFrames.clip(still(prompt, style, seed, cancellation), size, spriteSide, motion.get(), seed,
                frames);
        return Optional.of(new SamplingStart.FromImage(clip, 1.0, List.of(0)));
    }
}
