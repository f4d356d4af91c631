package dev.tessera.generation.acdit;

import dev.tessera.generation.diffusion.SamplerKind;
import java.util.Objects;

/**
 * One generation job as the app and CLI express it. Image i of the job uses seed {@code seed + i},
 * so any image can be reproduced alone. The empty prompt generates unconditionally.
 *
 * @param style    a style id such as "google" (see {@link dev.tessera.generation.data.EmojiStyle})
 * @param steps    denoising steps per block (ACDiT's default is 25)
 * @param guidance classifier-free guidance scale (1 = conditional only, ACDiT used 1.5)
 * @param sampler  the solver; null means the project default (DPM-Solver++ 2M)
 */
public record GenerationRequest(String prompt, String style, long seed, int steps, double guidance,
        SamplerKind sampler, int count) {

    public static final int MAX_COUNT = 64;
    public static final int MAX_STEPS = 1000;

    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(style, "style");
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be between 1 and " + MAX_STEPS + ", got " + steps);
        }
        if (!Double.isFinite(guidance) || guidance < 0) {
            throw new IllegalArgumentException("guidance must be a finite number >= 0, got " + guidance);
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        sampler = sampler == null ? SamplerKind.defaultKind() : sampler;
    }

    /** ACDiT's default denoising steps a block; every front end starts from it. */
    public static final int DEFAULT_STEPS = 25;

    /** ACDiT's default guidance scale for images; every front end starts from it. */
    public static final double DEFAULT_GUIDANCE = 1.5;

    /** ACDiT's defaults: 25 steps a block, guidance 1.5, DPM-Solver++ (2M), one image. */
    public static GenerationRequest of(String prompt, String style, long seed) {
        return new GenerationRequest(prompt, style, seed, DEFAULT_STEPS, DEFAULT_GUIDANCE, SamplerKind.defaultKind(), 1);
    }

    /** Seed of image {@code i}. */
    public long seedOf(int i) {
        return seed + i;
    }
}
