package dev.tessera.generation.data;

import java.util.ArrayList;
import java.util.List;

/** The five Fitzpatrick modifiers and their CLDR names, used to put the skin tone into prompt texts. */
enum SkinTone {
    LIGHT("1F3FB", "light skin tone"),
    MEDIUM_LIGHT("1F3FC", "medium-light skin tone"),
    MEDIUM("1F3FD", "medium skin tone"),
    MEDIUM_DARK("1F3FE", "medium-dark skin tone"),
    DARK("1F3FF", "dark skin tone");

    private final String codePoint;
    private final String text;

    SkinTone(String codePoint, String text) {
        this.codePoint = codePoint;
        this.text = text;
    }

    /**
     * Describes an emoji.json {@code skin_variations} key such as {@code 1F3FD} or {@code 1F3FB-1F3FF}
     * the way CLDR does: "medium skin tone", "light skin tone, dark skin tone"; a repeated tone is said once.
     */
    static String describe(String variationKey) {
        List<String> parts = new ArrayList<>();
        for (String codePoint : variationKey.split("-")) {
            String text = byCodePoint(codePoint).text;
            if (!parts.contains(text)) {
                parts.add(text);
            }
        }
        return String.join(", ", parts);
    }

    private static SkinTone byCodePoint(String codePoint) {
        for (SkinTone tone : values()) {
            if (tone.codePoint.equalsIgnoreCase(codePoint)) {
                return tone;
            }
        }
        throw new IllegalArgumentException("not a skin tone modifier: " + codePoint);
    }
}
