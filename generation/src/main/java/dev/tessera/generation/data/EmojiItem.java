package dev.tessera.generation.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One image of an emoji set: the emoji (or one skin-tone variant of it) and its texts.
 *
 * @param unified     code points of this image in emoji.json form, e.g. {@code 1F44B-1F3FD}
 * @param baseUnified code points of the emoji without skin tone; equal to {@code unified} for a base emoji.
 *                    All skin-tone variants of one emoji share it (the train/validation split keys on it).
 * @param name        the Unicode name, lower case ("heavy black heart")
 * @param shortNames  emoji.json short names as shipped ("heart", "red_heart")
 * @param category    e.g. "Smileys &amp; Emotion"
 * @param subcategory e.g. "face-smiling"
 * @param skinTone    CLDR skin-tone text ("medium skin tone"), or the empty string for none
 * @param image       the source image file name, e.g. {@code 1f44b-1f3fd.png}
 * @param sortOrder   emoji.json {@code sort_order} of the base emoji
 */
public record EmojiItem(String unified, String baseUnified, String name, List<String> shortNames, String category,
        String subcategory, String skinTone, String image, int sortOrder) {

    public EmojiItem {
        Objects.requireNonNull(unified, "unified");
        Objects.requireNonNull(baseUnified, "baseUnified");
        Objects.requireNonNull(name, "name");
        shortNames = List.copyOf(shortNames);
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(subcategory, "subcategory");
        Objects.requireNonNull(skinTone, "skinTone");
        Objects.requireNonNull(image, "image");
    }

    public boolean hasSkinTone() {
        return !skinTone.isEmpty();
    }

    /** The code points of this image. */
    public int[] codePoints() {
        return java.util.Arrays.stream(unified.split("-")).mapToInt(hex -> Integer.parseInt(hex, 16)).toArray();
    }

    /** The emoji itself as a string. */
    public String text() {
        return new String(codePoints(), 0, codePoints().length);
    }

    /**
     * Every text this image can be prompted with: the name and each short name ({@code _} read as a
     * space), without duplicates, each with the skin tone appended ("waving hand: medium skin tone").
     * Never empty.
     */
    public List<String> promptTexts() {
        List<String> texts = new ArrayList<>();
        addPrompt(texts, name);
        for (String shortName : shortNames) {
            addPrompt(texts, shortName.replace('_', ' '));
        }
        if (texts.isEmpty()) {
            addPrompt(texts, unified);
        }
        return List.copyOf(texts);
    }

    /** One of {@link #promptTexts()}, picked uniformly with the caller's generator. */
    public String randomPromptText(SplittableRandom random) {
        List<String> texts = promptTexts();
        return texts.get(random.nextInt(texts.size()));
    }

    private void addPrompt(List<String> texts, String base) {
        String text = base.strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return;
        }
        if (hasSkinTone()) {
            // CLDR style: "waving hand: medium skin tone", but "kiss: woman, man, light skin tone".
            text = text + (text.contains(":") ? ", " : ": ") + skinTone;
        }
        if (!texts.contains(text)) {
            texts.add(text);
        }
    }
}
