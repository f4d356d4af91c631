package dev.tessera.app.history;

import dev.tessera.app.generate.InitImage;
import java.util.List;

/**
 * Settings recovered from a dropped PNG. A null field was not present or could not be used; the
 * reasons for settings found but not restorable are in {@code notRestored}.
 *
 * @param source      "Tessera recipe" or "A1111 parameters": which chunk the settings came from
 * @param notRestored human-readable names of settings that were in the file but cannot be applied
 * @param negativePrompt the negative prompt, empty when the file has none (it is restored as empty too)
 * @param init        a Tessera recipe's init image (image to image); null for none, and for A1111 parameters,
 *                    which do not hold the picture (their "Denoising strength" is listed as not restored)
 */
public record ImportedSettings(String source, String prompt, String style, Long seed, Integer steps, Double guidance,
        Double styleStrength, String sampler, String model, List<String> notRestored, String negativePrompt,
        InitImage init) {

    public ImportedSettings {
        notRestored = List.copyOf(notRestored);
    }

    /** Settings that say nothing about a negative prompt (null: the form keeps its own). */
    public ImportedSettings(String source, String prompt, String style, Long seed, Integer steps, Double guidance,
            Double styleStrength, String sampler, String model, List<String> notRestored) {
        this(source, prompt, style, seed, steps, guidance, styleStrength, sampler, model, notRestored, null, null);
    }

    /** Settings of text to image. */
    public ImportedSettings(String source, String prompt, String style, Long seed, Integer steps, Double guidance,
            Double styleStrength, String sampler, String model, List<String> notRestored, String negativePrompt) {
        this(source, prompt, style, seed, steps, guidance, styleStrength, sampler, model, notRestored, negativePrompt,
                null);
    }

    /** Names of the settings that were restored, for telling the user. */
    public List<String> restored() {
        List<String> names = new java.util.ArrayList<>();
        if (prompt != null) names.add("prompt");
        if (negativePrompt != null && !negativePrompt.isEmpty()) names.add("negative prompt");
        if (style != null) names.add("style");
        if (seed != null) names.add("seed");
        if (steps != null) names.add("steps");
        if (guidance != null) names.add("guidance");
        if (styleStrength != null) names.add("style strength");
        if (sampler != null) names.add("sampler");
        if (model != null) names.add("model");
        if (init != null) names.add("init image");
        return names;
    }
}
