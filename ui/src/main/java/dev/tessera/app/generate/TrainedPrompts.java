package dev.tessera.app.generate;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.data.EmojiSplit;
import dev.tessera.generation.data.EmojiStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The prompts the bundled model was trained on, for prompt help: the names and short names of the
 * base emoji (no skin tones) on the training side of {@link EmojiSplit}, each with its category.
 * Held-out emoji are not offered: they are what the evaluation asks for unseen.
 *
 * <p>{@link #note} decides on the text alone (no exact name, no name it begins, no name within a few
 * typed letters): instant, for every key press. The studio then asks {@link PromptNeighbours},
 * which decides in the prompt encoder's space, whether a prompt far by its letters is far in meaning too.
 */
public final class TrainedPrompts {

    /** One trained prompt text and the category of its emoji ("Animals &amp; Nature", …). */
    public record Entry(String name, String category) {}

    private static final int CLOSEST = 3;
    private static volatile TrainedPrompts bundled;

    private final List<Entry> entries;

    public TrainedPrompts(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The training side of {@code data}: every prompt text of each base emoji, in data order, once. */
    public static TrainedPrompts trainedOn(EmojiDataset data) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            EmojiItem item = data.sample(i).item();
            if (item.hasSkinTone() || EmojiSplit.isValidation(item)) {
                continue;
            }
            for (String text : item.promptTexts()) {
                byName.putIfAbsent(text, new Entry(text, item.category()));
            }
        }
        return new TrainedPrompts(new ArrayList<>(byName.values()));
    }

    /**
     * The training side of the bundled emoji data, read once; empty (no suggestions, no notes) when
     * the data cannot be read. Names and split are the same in every style, so one style is read.
     */
    public static TrainedPrompts bundled() {
        TrainedPrompts catalogue = bundled;
        if (catalogue == null) {
            synchronized (TrainedPrompts.class) {
                if (bundled == null) {
                    bundled = readBundled();
                }
                catalogue = bundled;
            }
        }
        return catalogue;
    }

    private static TrainedPrompts readBundled() {
        try {
            return trainedOn(EmojiDataset.loadBundled(EmojiStyle.GOOGLE));
        } catch (RuntimeException e) {
            return new TrainedPrompts(List.of());
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean contains(String prompt) {
        String typed = normalise(prompt);
        return entries.stream().anyMatch(e -> e.name().equals(typed));
    }

    /**
     * Up to {@code limit} entries matching what was typed: names that start with it first, then names
     * with a word that starts with it, then names that contain it; shorter names first within each.
     */
    public List<Entry> suggest(String typed, int limit) {
        String text = normalise(typed);
        if (text.isEmpty() || limit <= 0) {
            return List.of();
        }
        return entries.stream()
                .filter(e -> rank(e.name(), text) < 3)
                .sorted(Comparator.<Entry>comparingInt(e -> rank(e.name(), text))
                        .thenComparingInt(e -> e.name().length())
                        .thenComparing(Entry::name))
                .limit(limit)
                .toList();
    }

    /**
     * A one-line note when {@code prompt} is far from every trained name: not one of them, not the
     * start of one (of a name or a word in it), and more than a few letters away from all. Empty
     * when it is close, blank, or the catalogue is empty.
     */
    public Optional<String> note(String prompt) {
        String text = normalise(prompt);
        if (text.isEmpty() || entries.isEmpty()
                || entries.stream().anyMatch(e -> rank(e.name(), text) < 2)) {
            return Optional.empty();
        }
        int tolerance = Math.max(1, text.length() / 5);
        List<Entry> closest = entries.stream()
                .sorted(Comparator.<Entry>comparingInt(e -> distance(e.name(), text)).thenComparing(Entry::name))
                .limit(CLOSEST)
                .toList();
        if (distance(closest.get(0).name(), text) <= tolerance) {
            return Optional.empty();
        }
        return Optional.of("Not a name this model was trained on; closest: "
                + String.join(", ", closest.stream().map(Entry::name).toList()));
    }

    /** 0: starts with {@code text}; 1: a later word does; 2: contains it; 3: no match. */
    private static int rank(String name, String text) {
        if (name.startsWith(text)) {
            return 0;
        }
        if (name.contains(" " + text)) {
            return 1;
        }
        return name.contains(text) ? 2 : 3;
    }

    private static String normalise(String prompt) {
        return prompt == null ? "" : prompt.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
