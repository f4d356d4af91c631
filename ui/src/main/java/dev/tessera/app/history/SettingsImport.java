package dev.tessera.app.history;

import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.png.A1111Parameters;
import dev.tessera.generation.data.EmojiStyle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recovers generation settings from a PNG: the exact Tessera recipe when there is one, otherwise the
 * A1111 {@code parameters} text that most image tools write. Anything else is a clear error.
 */
public final class SettingsImport {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** A1111 keys that carry no setting to restore. */
    private static final Set<String> INFORMATIONAL = Set.of("version", "model hash");

    private SettingsImport() {}

    /** Thrown with a message for the user when a file has no settings to restore. */
    public static final class NoSettingsException extends Exception {
        NoSettingsException(String message) {
            super(message);
        }
    }

    public static ImportedSettings read(Path file) throws NoSettingsException {
        String name = file.getFileName().toString();
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSettingsException(name + " is not a file.");
            }
            if (!isPng(file)) {
                throw new NoSettingsException(name + " is not a PNG image, so it carries no generation settings.");
            }
            Optional<Recipe> recipe = RecipePng.readRecipe(file);
            if (recipe.isPresent()) {
                return fromRecipe(recipe.get());
            }
            Optional<A1111Parameters> a1111 = RecipePng.readA1111(file);
            if (a1111.isPresent()) {
                return fromA1111(a1111.get());
            }
            throw new NoSettingsException(name + " is a PNG without generation settings (no Tessera recipe and no"
                    + " A1111 \"parameters\" text).");
        } catch (IOException | IllegalArgumentException e) {
            throw new NoSettingsException("Cannot read settings from " + name + ": " + e.getMessage());
        }
    }

    static ImportedSettings fromRecipe(Recipe r) {
        return new ImportedSettings("Tessera recipe", r.prompt(), r.style(), r.seed(), r.steps(), r.guidance(),
                r.styleStrength(), r.sampler(), r.model(), List.of(), r.negativePrompt(), r.init());
    }

    static ImportedSettings fromA1111(A1111Parameters p) {
        List<String> notRestored = new ArrayList<>();
        Long seed = parse(p, "Seed", Long::valueOf, notRestored);
        Integer steps = parse(p, "Steps", Integer::valueOf, notRestored);
        Double guidance = parse(p, "CFG scale", Double::valueOf, notRestored);
        // Tessera writes the key only when style strength is on; on our own images its absence means 0.
        Double styleStrength = parse(p, Recipe.STYLE_STRENGTH_KEY, Double::valueOf, notRestored);
        if (p.setting(Recipe.STYLE_STRENGTH_KEY).isEmpty() && "Tessera".equals(p.setting("Version").orElse(null))) {
            styleStrength = 0.0;
        }
        String sampler = p.setting("Sampler").map(s -> Recipe.samplerFromDisplayName(s).orElseGet(() -> {
            notRestored.add("sampler \"" + s + "\" (not available here)");
            return null;
        })).orElse(null);
        String style = p.setting("Style").map(s -> {
            boolean known = Arrays.stream(EmojiStyle.values()).anyMatch(e -> e.id().equals(s));
            if (!known) {
                notRestored.add("style \"" + s + "\" (unknown)");
            }
            return known ? s : null;
        }).orElse(null);
        String model = p.setting("Model").orElse(null);
        p.setting("Size").filter(size -> !size.equals("32x32") && !size.equals("16x16"))
                .ifPresent(size -> notRestored.add("size " + size + " (the model decides the size)"));
        Set<String> used = Set.of("seed", "steps", "cfg scale", "style strength", "sampler", "style", "model", "size");
        p.settings().keySet().stream().map(k -> k.toLowerCase(Locale.ROOT))
                .filter(k -> !used.contains(k) && !INFORMATIONAL.contains(k))
                .forEach(k -> notRestored.add(originalKey(p, k)));
        return new ImportedSettings("A1111 parameters", p.prompt(), style, seed, steps, guidance, styleStrength,
                sampler, model, notRestored, p.negativePrompt());
    }

    private static String originalKey(A1111Parameters p, String lower) {
        return p.settings().keySet().stream().filter(k -> k.equalsIgnoreCase(lower)).findFirst().orElse(lower);
    }

    private static <T> T parse(A1111Parameters p, String key, java.util.function.Function<String, T> parser,
            List<String> notRestored) {
        Optional<String> text = p.setting(key);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return parser.apply(text.get().strip());
        } catch (NumberFormatException e) {
            notRestored.add(key + " \"" + text.get() + "\" (not a number)");
            return null;
        }
    }

    private static boolean isPng(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(PNG_SIGNATURE.length), PNG_SIGNATURE);
        }
    }
}
