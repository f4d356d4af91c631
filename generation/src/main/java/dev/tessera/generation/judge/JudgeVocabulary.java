package dev.tessera.generation.judge;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.data.EmojiStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The classes of the judge's three heads: emoji identity (one class per base emoji, skin tones
 * merged, since the question is "does it show a waving hand"), subcategory and style. Stored in the
 * model file so that evaluation maps names to the same class ids the judge was trained with.
 */
public record JudgeVocabulary(List<String> identities, List<String> identityNames, List<String> subcategories,
        List<String> styles) {

    public JudgeVocabulary {
        identities = List.copyOf(identities);
        identityNames = List.copyOf(identityNames);
        subcategories = List.copyOf(subcategories);
        styles = List.copyOf(styles);
        if (identities.size() != identityNames.size()) {
            throw new IllegalArgumentException("identity ids and names differ in length");
        }
    }

    /** Classes of every emoji of every style known to Tessera (not just those in {@code data}). */
    public static JudgeVocabulary of(EmojiDataset data) {
        Map<String, String> identities = new LinkedHashMap<>();
        TreeSet<String> subcategories = new TreeSet<>();
        for (int i = 0; i < data.size(); i++) {
            EmojiItem item = data.sample(i).item();
            identities.putIfAbsent(item.baseUnified(), baseName(item));
            subcategories.add(item.subcategory());
        }
        List<String> styles = new ArrayList<>();
        for (EmojiStyle style : EmojiStyle.values()) {
            styles.add(style.id());
        }
        return new JudgeVocabulary(new ArrayList<>(identities.keySet()), new ArrayList<>(identities.values()),
                new ArrayList<>(subcategories), styles);
    }

    private static String baseName(EmojiItem item) {
        return item.name();
    }

    public int identityOf(String baseUnified) {
        return indexOf(identities, baseUnified, "emoji");
    }

    public int subcategoryOf(String subcategory) {
        return indexOf(subcategories, subcategory, "subcategory");
    }

    public int styleOf(EmojiStyle style) {
        return indexOf(styles, style.id(), "style");
    }

    /** Labels of every item of a data set, in data set order. */
    public Labels labelsOf(EmojiDataset data) {
        int[] identity = new int[data.size()];
        int[] subcategory = new int[data.size()];
        int[] style = new int[data.size()];
        Map<String, Integer> identityIndex = index(identities);
        Map<String, Integer> subcategoryIndex = index(subcategories);
        for (int i = 0; i < data.size(); i++) {
            var sample = data.sample(i);
            identity[i] = require(identityIndex, sample.item().baseUnified(), "emoji");
            subcategory[i] = require(subcategoryIndex, sample.item().subcategory(), "subcategory");
            style[i] = styleOf(sample.style());
        }
        return new Labels(identity, subcategory, style);
    }

    /** Per-item class ids of the three heads. */
    public record Labels(int[] identity, int[] subcategory, int[] style) {}

    private static Map<String, Integer> index(List<String> values) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            map.put(values.get(i), i);
        }
        return map;
    }

    private static int require(Map<String, Integer> index, String key, String what) {
        Integer id = index.get(key);
        if (id == null) {
            throw new IllegalArgumentException("the judge does not know the " + what + " '" + key + "'");
        }
        return id;
    }

    private static int indexOf(List<String> values, String key, String what) {
        int id = values.indexOf(key);
        if (id < 0) {
            throw new IllegalArgumentException("the judge does not know the " + what + " '" + key + "'");
        }
        return id;
    }
}
