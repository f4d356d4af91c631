package dev.tessera.app.queue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import java.util.Arrays;
import java.util.Locale;

/** A request setting a parameter sweep can vary, besides prompts and seeds. */
public enum SweepSetting {
    STEPS("steps"),
    GUIDANCE("guidance"),
    STYLE_STRENGTH("style-strength"),
    SAMPLER("sampler");

    private final String id;

    SweepSetting(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses "steps", "guidance" (or "cfg"), "style-strength" and "sampler", with a message listing them. */
    public static SweepSetting fromName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("cfg")) {
            return GUIDANCE;
        }
        return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown sweep setting '" + name
                        + "'; choose steps, guidance (cfg), style-strength or sampler"));
    }

    /** The request with this setting replaced by {@code value}; bad values are clear errors. */
    public GenerationRequest apply(GenerationRequest r, String value) {
        try {
            return switch (this) {
                case STEPS -> r.withSteps(Integer.parseInt(value.trim()));
                case GUIDANCE -> r.withGuidance(Double.parseDouble(value.trim()));
                case STYLE_STRENGTH -> r.withStyleStrength(Double.parseDouble(value.trim()));
                case SAMPLER -> r.withSampler(SamplerKind.fromId(value));
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sweep value '" + value + "' is not a number for " + id);
        }
    }
}
