package dev.tessera.app.generate;

import dev.tessera.generation.acdit.sampling.AcditGuidance;

import dev.tessera.generation.diffusion.SamplerKind;
import java.util.Objects;

/**
 * One generation job as the app and CLI express it. Image i of the job uses seed {@code seed + i},
 * so any image can be reproduced alone. The empty prompt generates unconditionally.
 *
 * <p>The record takes every request the model can render, so queue files and recipes stay readable;
 * what a person may type is narrower and checked by {@link RequestValidation}.
 *
 * @param style    a style id such as "google" (see {@link dev.tessera.generation.data.EmojiStyle})
 * @param steps    denoising steps per block (ACDiT's default is 25)
 * @param guidance      classifier-free guidance scale (1 = conditional only, ACDiT used 1.5)
 * @param styleStrength style-contrast guidance, 0 = off (see {@link AcditGuidance})
 * @param sampler       the solver; null means the project default (DPM-Solver++ 2M)
 * @param negativePrompt what guidance steers away from: it takes the place of the unconditional branch
 *                       of classifier-free guidance, as in A1111 (with the request's style); empty (the
 *                       default, and null) keeps the unconditional branch, so the pixels are as without it
 * @param init          the source picture of image to image (SDEdit strength, kept blocks); null for text to image
 * @param speed         steps per block position, step caching and the preset they came from; null means
 *                      {@link Speed#DEFAULT}. With a schedule, {@code steps} is its first block's steps.
 */
public record GenerationRequest(String prompt, String style, long seed, int steps, double guidance,
        double styleStrength, SamplerKind sampler, int count, String negativePrompt, InitImage init, Speed speed) {

    public static final int MAX_COUNT = 64;
    public static final int MAX_STEPS = 1000;

    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(style, "style");
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be between 1 and " + MAX_STEPS + ", got " + steps);
        }
        new AcditGuidance(guidance, styleStrength); // validates both
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        sampler = sampler == null ? SamplerKind.defaultKind() : sampler;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        speed = speed == null ? Speed.DEFAULT : speed;
        if (speed.schedule() != null && speed.schedule().stepsFor(0) != steps) {
            throw new IllegalArgumentException("steps " + steps + " disagree with the step schedule "
                    + speed.schedule() + ", whose first block takes " + speed.schedule().stepsFor(0));
        }
    }

    /** Without speed settings: every block the same steps, no step caching. */
    public GenerationRequest(String prompt, String style, long seed, int steps, double guidance, double styleStrength,
            SamplerKind sampler, int count, String negativePrompt, InitImage init) {
        this(prompt, style, seed, steps, guidance, styleStrength, sampler, count, negativePrompt, init, Speed.DEFAULT);
    }

    /** Text to image. */
    public GenerationRequest(String prompt, String style, long seed, int steps, double guidance, double styleStrength,
            SamplerKind sampler, int count, String negativePrompt) {
        this(prompt, style, seed, steps, guidance, styleStrength, sampler, count, negativePrompt, null);
    }

    /** Without a negative prompt. */
    public GenerationRequest(String prompt, String style, long seed, int steps, double guidance, double styleStrength,
            SamplerKind sampler, int count) {
        this(prompt, style, seed, steps, guidance, styleStrength, sampler, count, "");
    }

    /** ACDiT's default denoising steps a block; every front end starts from it. */
    public static final int DEFAULT_STEPS = 25;

    /**
     * The default guidance scale. ACDiT used 1.5; the bundled model does better at 3–5 on every
     * measured column, and best with style strength 1 at 4 (docs/results/acdit.md, "Guidance and style strength").
     */
    public static final double DEFAULT_GUIDANCE = 4.0;

    /** The default style-contrast strength (docs/results/acdit.md, "Guidance and style strength"). */
    public static final double DEFAULT_STYLE_STRENGTH = 1.0;

    /** The defaults: 25 steps a block, {@link #DEFAULT_GUIDANCE}, {@link #DEFAULT_STYLE_STRENGTH}, DPM-Solver++ (2M), one image. */
    public static GenerationRequest of(String prompt, String style, long seed) {
        return new GenerationRequest(prompt, style, seed, DEFAULT_STEPS, DEFAULT_GUIDANCE, DEFAULT_STYLE_STRENGTH,
                SamplerKind.defaultKind(), 1);
    }

    /** The sampler's view of {@link #guidance} and {@link #styleStrength}. */
    public AcditGuidance samplingGuidance() {
        return new AcditGuidance(guidance, styleStrength);
    }

    public GenerationRequest withPrompt(String newPrompt) {
        return new GenerationRequest(newPrompt, style, seed, steps, guidance, styleStrength, sampler, count, negativePrompt, init, speed);
    }

    public GenerationRequest withSeed(long newSeed) {
        return new GenerationRequest(prompt, style, newSeed, steps, guidance, styleStrength, sampler, count, negativePrompt, init, speed);
    }

    /** Every block {@code newSteps} steps: a schedule and the preset are dropped, step caching is kept. */
    public GenerationRequest withSteps(int newSteps) {
        return new GenerationRequest(prompt, style, seed, newSteps, guidance, styleStrength, sampler, count, negativePrompt, init,
                new Speed(null, speed.stepCache(), null));
    }

    /** With {@code newSpeed}; its schedule, when it has one, sets the steps. */
    public GenerationRequest withSpeed(Speed newSpeed) {
        Speed s = newSpeed == null ? Speed.DEFAULT : newSpeed;
        int newSteps = s.schedule() != null ? s.schedule().stepsFor(0) : steps;
        return new GenerationRequest(prompt, style, seed, newSteps, guidance, styleStrength, sampler, count, negativePrompt, init, s);
    }

    /** Steps for every block position: the schedule, or the request's steps for every block. */
    public dev.tessera.generation.acdit.sampling.StepSchedule blockSteps() {
        return speed.schedule() != null ? speed.schedule() : dev.tessera.generation.acdit.sampling.StepSchedule.uniform(steps);
    }

    /** The steps as a person reads them in lists: see {@link Speed#describe}. */
    public String describeSteps() {
        return Speed.describe(blockSteps().toString(), speed.stepCache(), speed.preset() == null ? null : speed.preset().id());
    }

    public GenerationRequest withGuidance(double newGuidance) {
        return new GenerationRequest(prompt, style, seed, steps, newGuidance, styleStrength, sampler, count, negativePrompt, init, speed);
    }

    public GenerationRequest withStyleStrength(double newStyleStrength) {
        return new GenerationRequest(prompt, style, seed, steps, guidance, newStyleStrength, sampler, count, negativePrompt, init, speed);
    }

    public GenerationRequest withSampler(SamplerKind newSampler) {
        return new GenerationRequest(prompt, style, seed, steps, guidance, styleStrength, newSampler, count, negativePrompt, init, speed);
    }

    public GenerationRequest withCount(int newCount) {
        return new GenerationRequest(prompt, style, seed, steps, guidance, styleStrength, sampler, newCount, negativePrompt, init, speed);
    }

    public GenerationRequest withNegativePrompt(String newNegativePrompt) {
        return new GenerationRequest(prompt, style, seed, steps, guidance, styleStrength, sampler, count, newNegativePrompt, init, speed);
    }

    /** From {@code newInit} (null: text to image). */
    public GenerationRequest withInit(InitImage newInit) {
        return new GenerationRequest(prompt, style, seed, steps, guidance, styleStrength, sampler, count, negativePrompt,
                newInit, speed);
    }

    /** Seed of image {@code i}. */
    public long seedOf(int i) {
        return seed + i;
    }
}
