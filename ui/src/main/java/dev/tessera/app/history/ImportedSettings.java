package dev.tessera.app.history;

import java.util.List;

/**
 * Settings recovered from a dropped PNG. A null field was not present or could not be used; the
 * reasons for settings found but not restorable are in {@code notRestored}.
 *
 * @param source      "Tessera recipe" or "A1111 parameters": which chunk the settings came from
 * @param notRestored human-readable names of settings that were in the file but cannot be applied
 */
public record ImportedSettings(String source, String prompt, String style, Long seed, Integer steps, Double guidance,
        Double styleStrength, String sampler, String model, List<String> notRestored) {

    public ImportedSettings {
        notRestored = List.copyOf(notRestored);
    }

    /** Names of the settings that were restored, for telling the user. */
    public List<String> restored() {
        List<String> names = new java.util.ArrayList<>();
        if (prompt != null) names.add("prompt");
        if (style != null) names.add("style");
        if (seed != null) names.add("seed");
        if (steps != null) names.add("steps");
        if (guidance != null) names.add("guidance");
        if (styleStrength != null) names.add("style strength");
        if (sampler != null) names.add("sampler");
        if (model != null) names.add("model");
        return names;
    }
}
