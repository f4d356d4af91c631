package dev.tessera.generation.data;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Counts per style and category of a dataset, as a Markdown table for docs/data.md. */
public final class EmojiDataStats {

    private EmojiDataStats() {
    }

    public static String markdown(EmojiDataset dataset) {
        List<EmojiSet> sets = dataset.sets();
        TreeSet<String> categories = new TreeSet<>();
        sets.forEach(set -> set.items().forEach(item -> categories.add(item.category())));
        StringBuilder md = new StringBuilder("| category |");
        sets.forEach(set -> md.append(' ').append(set.style().id()).append(" |"));
        md.append("\n| --- |");
        sets.forEach(set -> md.append(" ---: |"));
        md.append('\n');
        List<Map<String, Integer>> perCategory = sets.stream().map(EmojiDataStats::countByCategory).toList();
        for (String category : categories) {
            md.append("| ").append(category).append(" |");
            perCategory.forEach(counts -> md.append(' ').append(counts.getOrDefault(category, 0)).append(" |"));
            md.append('\n');
        }
        row(md, "**all images**", sets, set -> set.count());
        row(md, "emoji without skin tone", sets, set -> (int) set.items().stream().filter(i -> !i.hasSkinTone()).count());
        row(md, "skin-tone variants", sets, set -> (int) set.items().stream().filter(EmojiItem::hasSkinTone).count());
        row(md, "distinct emoji (base code points)", sets, set -> distinctBases(set, null));
        row(md, "train images", sets, set -> (int) set.items().stream().filter(i -> !EmojiSplit.isValidation(i)).count());
        row(md, "validation images", sets, set -> (int) set.items().stream().filter(EmojiSplit::isValidation).count());
        row(md, "validation emoji (base)", sets, set -> distinctBases(set, true));
        return md.toString();
    }

    private static int distinctBases(EmojiSet set, Boolean validation) {
        return (int) set.items().stream()
                .filter(i -> validation == null || EmojiSplit.isValidation(i) == validation)
                .map(EmojiItem::baseUnified).distinct().count();
    }

    private static Map<String, Integer> countByCategory(EmojiSet set) {
        Map<String, Integer> counts = new TreeMap<>();
        set.items().forEach(item -> counts.merge(item.category(), 1, Integer::sum));
        return counts;
    }

    private static void row(StringBuilder md, String label, List<EmojiSet> sets,
            java.util.function.ToIntFunction<EmojiSet> count) {
        md.append("| ").append(label).append(" |");
        sets.forEach(set -> md.append(' ').append(count.applyAsInt(set)).append(" |"));
        md.append('\n');
    }
}
