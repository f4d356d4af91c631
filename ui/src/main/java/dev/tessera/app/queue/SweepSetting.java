package dev.tessera.app.queue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.RequestText;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.app.generate.RequestValidation.Checked;
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

    /** Checks a sweep value by the rule of the field it replaces (see {@link RequestValidation}). */
    public Checked<?> check(String value) {
        return switch (this) {
            case STEPS -> RequestValidation.steps(value);
            case GUIDANCE -> RequestValidation.guidance(value);
            case STYLE_STRENGTH -> RequestValidation.styleStrength(value);
            case SAMPLER -> RequestValidation.sampler(value);
        };
    }

    /**
     * The request with this setting replaced by {@code value}.
     *
     * @throws IllegalArgumentException with the field's message (as {@link #check}) when the value is refused
     */
    public GenerationRequest apply(GenerationRequest r, String value) {
        return switch (this) {
            case STEPS -> r.withSteps(RequestValidation.steps(value).orElseThrow());
            case GUIDANCE -> r.withGuidance(RequestValidation.guidance(value).orElseThrow());
            case STYLE_STRENGTH -> r.withStyleStrength(RequestValidation.styleStrength(value).orElseThrow());
            case SAMPLER -> r.withSampler(RequestValidation.sampler(value).orElseThrow());
        };
    }

    /** The value {@code r} has for this setting, as a file-name part: "steps10", "cfg1.5", "style-strength0", "ddim". */
    public String fileLabel(GenerationRequest r) {
        return switch (this) {
            case STEPS -> "steps" + r.steps();
            case GUIDANCE -> "cfg" + RequestText.number(r.guidance());
            case STYLE_STRENGTH -> "style-strength" + RequestText.number(r.styleStrength());
            case SAMPLER -> GenerationService.slug(r.sampler().id());
        };
    }
}
