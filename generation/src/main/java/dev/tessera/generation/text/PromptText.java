package dev.tessera.generation.text;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Validates and normalises prompt text before it reaches the encoder, so that "cat  face" and
 * " cat face " share one embedding and one cache entry.
 */
public final class PromptText {

    /** Longest prompt accepted, in characters after normalisation. */
    public static final int MAX_LENGTH = 500;

    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private PromptText() {}

    /**
     * Trims, collapses runs of whitespace (tabs and line breaks included: pasted text often has
     * them) into one space and applies Unicode NFC. Any other control character is an error.
     *
     * @throws InvalidPromptException when the prompt is null, too long or holds a control character
     */
    public static String normalise(String raw) {
        if (raw == null) {
            throw new InvalidPromptException("prompt is missing (null)");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isISOControl(c) && !Character.isWhitespace(c)) {
                throw new InvalidPromptException(String.format(
                        "prompt contains the control character U+%04X at position %d", (int) c, i + 1));
            }
        }
        String text = WHITESPACE_RUN.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC)).replaceAll(" ").strip();
        if (text.length() > MAX_LENGTH) {
            throw new InvalidPromptException(String.format(
                    "prompt is %d characters long; the limit is %d", text.length(), MAX_LENGTH));
        }
        return text;
    }
}
