package dev.tessera.ui.generate;

import dev.tessera.app.generate.GenerationRequest;
import java.util.Optional;

/** Checks the Generate form's text fields; each method returns the message to show, or empty when fine. */
final class FormValidation {

    static final int MAX_PROMPT_CHARS = 200;

    private FormValidation() {}

    static Optional<String> prompt(String prompt) {
        String p = prompt == null ? "" : prompt.strip();
        if (p.isEmpty()) {
            return Optional.of("Enter a prompt that says what the emoji shows, e.g. \"cat face\".");
        }
        if (p.length() > MAX_PROMPT_CHARS) {
            return Optional.of("The prompt is " + p.length() + " characters long; the limit is " + MAX_PROMPT_CHARS
                    + ".");
        }
        return Optional.empty();
    }

    static Optional<String> seed(String text) {
        try {
            return Long.parseLong(text.strip()) < 0 ? Optional.of("Seed must be 0 or more.") : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("Seed must be a whole number, e.g. 42 (got \"" + text + "\").");
        }
    }

    static Optional<String> steps(String text) {
        return wholeNumber("Steps", text, 1, GenerationRequest.MAX_STEPS);
    }

    static Optional<String> count(String text) {
        return wholeNumber("Count", text, 1, GenerationRequest.MAX_COUNT);
    }

    static Optional<String> guidance(String text) {
        try {
            double g = Double.parseDouble(text.strip());
            return Double.isFinite(g) && g >= 0 && g <= GenerationRequest.MAX_FORM_GUIDANCE ? Optional.empty()
                    : Optional.of("Guidance must be between 0 and " + (int) GenerationRequest.MAX_FORM_GUIDANCE + " ("
                            + GenerateForm.formatNumber(GenerationRequest.DEFAULT_GUIDANCE) + " is the default).");
        } catch (NumberFormatException e) {
            return Optional.of("Guidance must be a number such as "
                    + GenerateForm.formatNumber(GenerationRequest.DEFAULT_GUIDANCE) + " (got \"" + text + "\").");
        }
    }

    static Optional<String> styleStrength(String text) {
        try {
            double s = Double.parseDouble(text.strip());
            return Double.isFinite(s) && s >= 0 && s <= GenerationRequest.MAX_FORM_STYLE_STRENGTH ? Optional.empty()
                    : Optional.of("Style strength must be between 0 (off) and "
                            + (int) GenerationRequest.MAX_FORM_STYLE_STRENGTH + " ("
                            + GenerateForm.formatNumber(GenerationRequest.DEFAULT_STYLE_STRENGTH) + " is the default).");
        } catch (NumberFormatException e) {
            return Optional.of("Style strength must be a number such as "
                    + GenerateForm.formatNumber(GenerationRequest.DEFAULT_STYLE_STRENGTH) + " (got \"" + text + "\").");
        }
    }

    private static Optional<String> wholeNumber(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.strip());
            return value < min || value > max
                    ? Optional.of(name + " must be between " + min + " and " + max + " (got " + value + ").")
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of(name + " must be a whole number between " + min + " and " + max + " (got \"" + text
                    + "\").");
        }
    }
}
