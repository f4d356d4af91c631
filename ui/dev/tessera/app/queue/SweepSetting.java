package dev.tessera.app.queue;

import dev.tessera.generation.acdit.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import java.util.Arrays;
import java.util.Locale;

/** A request setting a parameter sweep can vary, besides prompts and seeds. */
public enum SweepSetting {
    STEPS("steps"),
    GUIDANCE("guidance"),
    SAMPLER("sampler");

    private final String id;

    SweepSetting(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses "steps", "guidance" (or "cfg") and "sampler", with a message listing them. */
    public static SweepSetting fromName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("cfg")) {
            return GUIDANCE;
        }
        return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown sweep setting '" + name
                        + "'; choose steps, guidance (cfg) or sampler"));
    }

    /** The request with this setting replaced by {@code value}; bad values are clear errors. */
    public GenerationRequest apply(GenerationRequest r, String value) {
        try {
            return switch (this) {
                case STEPS -> new GenerationRequest(r.prompt(), r.style(), r.seed(), Integer.parseInt(value.trim()),
                        r.guidance(), r.sampler(), r.count());
                case GUIDANCE -> new GenerationRequest(r.prompt(), r.style(), r.seed(), r.steps(),
                        Double.parseDouble(value.trim()), r.sampler(), r.count());
                case SAMPLER -> new GenerationRequest(r.prompt(), r.style(), r.seed(), r.steps(), r.guidance(),
                        SamplerKind.fromId(value), r.count());
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sweep value '" + value + "' is not a number for " + id);
        }
    }
}
