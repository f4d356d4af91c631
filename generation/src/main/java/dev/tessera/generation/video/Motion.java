package dev.tessera.generation.video;

import java.util.Locale;

/** The motions of the synthetic clips, each with the words a prompt names it by ("rocket moving up"). */
public enum Motion {
    LEFT("moving left"),
    RIGHT("moving right"),
    UP("moving up"),
    DOWN("moving down"),
    ZOOM_IN("zooming in"),
    ZOOM_OUT("zooming out"),
    SPIN("spinning"),
    BOUNCE("bouncing");

    private final String phrase;

    Motion(String phrase) {
        this.phrase = phrase;
    }

    public String phrase() {
        return phrase;
    }

    /** The prompt of an emoji in this motion: its name, then the motion's words. */
    public String prompt(String emojiName) {
        return emojiName.strip().toLowerCase(Locale.ROOT) + " " + phrase;
    }

    /** The emoji's part of a prompt: the prompt without the motion it ends with ("cat face spinning" → "cat face"). */
    public static String withoutMotion(String prompt) {
        return named(prompt).map(m -> {
            String text = prompt.strip();
            return text.substring(0, text.length() - m.phrase.length()).strip();
        }).orElse(prompt);
    }

    /** The motion a prompt ends with, if any ("cat face spinning" → SPIN). */
    public static java.util.Optional<Motion> named(String prompt) {
        String text = prompt.strip().toLowerCase(Locale.ROOT);
        for (Motion m : values()) {
            if (text.endsWith(" " + m.phrase)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }
}
