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
 */
public record GenerateSettings(String prompt, String style, String model, long seed, SeedMode seedMode, int steps,
        double guidance, Double styleStrength, String sampler, int count, String negativePrompt) {

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
