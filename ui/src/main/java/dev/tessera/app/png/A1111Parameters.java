package dev.tessera.app.png;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The AUTOMATIC1111 "parameters" text that most image tools write and read: the prompt, an optional
 * "Negative prompt: …" line, then one line of comma-separated {@code Key: value} settings
 * ({@code Steps: 25, Sampler: DPM++ 2M, CFG scale: 1.5, Seed: 7, Size: 32x32, Model hash: …}).
 */
public record A1111Parameters(String prompt, String negativePrompt, Map<String, String> settings) {

    private static final String NEGATIVE = "Negative prompt:";

    public A1111Parameters {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public String format() {
        StringBuilder text = new StringBuilder(prompt);
        if (!negativePrompt.isEmpty()) {
            text.append('\n').append(NEGATIVE).append(' ').append(negativePrompt);
        }
        StringBuilder line = new StringBuilder();
        settings.forEach((key, value) -> {
            if (line.length() > 0) {
                line.append(", ");
            }
            line.append(key).append(": ").append(quoteIfNeeded(value));
        });
        return text.append('\n').append(line).toString();
    }

    /**
     * Parses the text of a {@code parameters} chunk. The last line holding "Steps:" is the settings
     * line; everything before it is the prompt and negative prompt.
     */
    public static Optional<A1111Parameters> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String[] lines = text.split("\n", -1);
        int settingsLine = -1;
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("Steps:") || lines[i].contains(", Steps:")) {
                settingsLine = i;
                break;
            }
        }
        if (settingsLine < 0) {
            return Optional.empty();
        }
        StringBuilder prompt = new StringBuilder();
        StringBuilder negative = new StringBuilder();
        boolean inNegative = false;
        for (int i = 0; i < settingsLine; i++) {
            if (lines[i].startsWith(NEGATIVE)) {
                inNegative = true;
                negative.append(lines[i].substring(NEGATIVE.length()).strip());
            } else if (inNegative) {
                negative.append('\n').append(lines[i]);
            } else {
                prompt.append(prompt.length() > 0 ? "\n" : "").append(lines[i]);
            }
        }
        return Optional.of(new A1111Parameters(prompt.toString(), negative.toString(), parseSettings(lines[settingsLine])));
    }

    /** A setting by key, ignoring case ("CFG scale" and "cfg scale" are the same). */
    public Optional<String> setting(String key) {
        return settings.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                .map(Map.Entry::getValue).findFirst();
    }

    private static Map<String, String> parseSettings(String line) {
        Map<String, String> settings = new LinkedHashMap<>();
        int i = 0;
        while (i < line.length()) {
            int colon = line.indexOf(':', i);
            if (colon < 0) {
                break;
            }
            String key = line.substring(i, colon).strip();
            int start = colon + 1;
            while (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            int end;
            String value;
            if (start < line.length() && line.charAt(start) == '"') {
                end = closingQuote(line, start + 1);
                value = line.substring(start + 1, end).replace("\\\"", "\"").replace("\\\\", "\\");
                end = line.indexOf(',', end);
            } else {
                end = line.indexOf(", ", start);
                value = line.substring(start, end < 0 ? line.length() : end).strip();
            }
            settings.put(key, value);
            if (end < 0) {
                break;
            }
            i = end + 1;
        }
        return settings;
    }

    private static int closingQuote(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == '"') {
                return i;
            }
        }
        return line.length();
    }

    private static String quoteIfNeeded(String value) {
        if (value.contains(",") || value.contains(":") || value.contains("\"")) {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return value;
    }

    /** The size setting as A1111 writes it. */
    public static String size(int width, int height) {
        return String.format(Locale.ROOT, "%dx%d", width, height);
    }
}
