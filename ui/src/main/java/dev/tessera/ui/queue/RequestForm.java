package dev.tessera.ui.queue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.SamplerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text a user typed for one request, checked field by field so every problem is reported at
 * once with the field's name. UI-free so it is tested without a window.
 */
record RequestForm(String prompt, String style, String seed, String count, String steps, String guidance,
        String styleStrength, String sampler) {

    /** A checked request, or the problems that keep it from being one. */
    record Parsed(Optional<GenerationRequest> request, List<String> errors) {
        Parsed {
            errors = List.copyOf(errors);
        }
    }

    static RequestForm of(GenerationRequest r) {
        return new RequestForm(r.prompt(), r.style(), Long.toString(r.seed()), Integer.toString(r.count()),
                Integer.toString(r.steps()), JobText.number(r.guidance()), JobText.number(r.styleStrength()), r.sampler().id());
    }

    Parsed parse() {
        List<String> errors = new ArrayList<>();
        String promptText = prompt == null ? "" : prompt.strip();
        String styleId = style == null ? "" : style.strip();
        try {
            EmojiStyle.parse(styleId);
        } catch (IllegalArgumentException e) {
            errors.add("Style: " + e.getMessage());
        }
        Long seedValue = whole("Seed", seed, Long.MIN_VALUE, Long.MAX_VALUE, errors);
        Long countValue = whole("Images", count, 1, GenerationRequest.MAX_COUNT, errors);
        Long stepsValue = whole("Steps", steps, 1, GenerationRequest.MAX_STEPS, errors);
        Double guidanceValue = decimal("Guidance", guidance, GenerationRequest.MAX_FORM_GUIDANCE, errors);
        Double styleStrengthValue = decimal("Style strength", styleStrength,
                GenerationRequest.MAX_FORM_STYLE_STRENGTH, errors);
        SamplerKind samplerKind = null;
        try {
            samplerKind = SamplerKind.fromId(text(sampler));
        } catch (IllegalArgumentException e) {
            errors.add("Sampler: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            return new Parsed(Optional.empty(), errors);
        }
        return new Parsed(Optional.of(new GenerationRequest(promptText, styleId, seedValue, stepsValue.intValue(),
                guidanceValue, styleStrengthValue, samplerKind, countValue.intValue())), List.of());
    }

    private static Long whole(String field, String value, long min, long max, List<String> errors) {
        try {
            long parsed = Long.parseLong(text(value));
            if (parsed < min || parsed > max) {
                errors.add(field + ": must be from " + min + " to " + max + ", got " + parsed);
                return null;
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(field + ": '" + text(value) + "' is not a whole number");
            return null;
        }
    }

    private static Double decimal(String field, String value, double max, List<String> errors) {
        try {
            double parsed = Double.parseDouble(text(value));
            if (!Double.isFinite(parsed) || parsed < 0 || parsed > max) {
                errors.add(field + ": must be a number from 0 to " + (int) max + ", got '" + text(value) + "'");
                return null;
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(field + ": '" + text(value) + "' is not a number");
            return null;
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
