package dev.tessera.app.settings;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;

/**
 * The Generate form as the user last left it. Fields missing from an older settings file come back
 * as their defaults; the form validates the values again before using them.
 *
 * @param model         the model's name in the catalogue (file name without extension), or "" for the first one
 * @param styleStrength null in settings saved before style strength existed: they get the default
 * @param negativePrompt "" for none, and in settings saved before it existed
 * @param frames        a clip's frames as last used with a video model; null for the model's training length
 *                      (and in settings saved before clips)
 * @param fps           a clip's frames per second as last used; null for the default
 * @param stillOpening  false when clips were last set to start without the image model's still; null for the
 *                      default (on), and in settings saved before it existed
 */
public record GenerateSettings(String prompt, String style, String model, long seed, SeedMode seedMode, int steps,
        double guidance, Double styleStrength, String sampler, int count, String negativePrompt, Integer frames,
        Double fps, Boolean stillOpening) {

    public GenerateSettings {
        prompt = prompt == null ? "" : prompt;
        style = style == null || style.isBlank() ? "google" : style;
        model = model == null ? "" : model;
        seedMode = seedMode == null ? SeedMode.RANDOM : seedMode;
        steps = steps <= 0 ? GenerationRequest.DEFAULT_STEPS : steps;
        guidance = Double.isFinite(guidance) && guidance >= 0 ? guidance : GenerationRequest.DEFAULT_GUIDANCE;
        styleStrength = styleStrength != null && Double.isFinite(styleStrength) && styleStrength >= 0 ? styleStrength
                : GenerationRequest.DEFAULT_STYLE_STRENGTH;
        sampler = sampler == null || sampler.isBlank() ? SamplerKind.defaultKind().id() : sampler;
        count = count <= 0 ? 4 : count;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        frames = frames != null && frames > 0 ? frames : null;
        fps = fps != null && Double.isFinite(fps) && fps > 0 ? fps : null;
    }

    /** With the still opening at its default. */
    public GenerateSettings(String prompt, String style, String model, long seed, SeedMode seedMode, int steps,
            double guidance, Double styleStrength, String sampler, int count, String negativePrompt, Integer frames,
            Double fps) {
        this(prompt, style, model, seed, seedMode, steps, guidance, styleStrength, sampler, count, negativePrompt, frames,
                fps, null);
    }

    /** Without clip settings. */
    public GenerateSettings(String prompt, String style, String model, long seed, SeedMode seedMode, int steps,
            double guidance, Double styleStrength, String sampler, int count, String negativePrompt) {
        this(prompt, style, model, seed, seedMode, steps, guidance, styleStrength, sampler, count, negativePrompt, null,
                null);
    }

    /** Without a negative prompt. */
    public GenerateSettings(String prompt, String style, String model, long seed, SeedMode seedMode, int steps,
            double guidance, Double styleStrength, String sampler, int count) {
        this(prompt, style, model, seed, seedMode, steps, guidance, styleStrength, sampler, count, "");
    }

    /** {@link GenerationRequest}'s defaults, four images, a random seed each run. */
    public static GenerateSettings defaults() {
        return new GenerateSettings("", "google", "", 1, SeedMode.RANDOM, GenerationRequest.DEFAULT_STEPS,
                GenerationRequest.DEFAULT_GUIDANCE, GenerationRequest.DEFAULT_STYLE_STRENGTH,
                SamplerKind.defaultKind().id(), 4);
    }
}
