package dev.tessera.generation.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The judge's per-image verdicts counted per emoji category, to see what a model draws well and what not. */
public final class CategoryBreakdown {

    /** One category: how many images, how many named in the top 5, how many in the requested style. */
    public record Row(String category, int images, int identityTop5, int styleCorrect) {}

    private CategoryBreakdown() {}

    /**
     * Rows by category, largest first (ties by name).
     *
     * @param categoryOf the category of a subcategory ({@link PromptCatalogue#categoryOf}); must know every one
     */
    public static List<Row> of(List<ImageVerdict> verdicts, Function<String, String> categoryOf) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (ImageVerdict v : verdicts) {
            String category = categoryOf.apply(v.prompt().subcategory());
            int[] c = counts.computeIfAbsent(category, k -> new int[3]);
            c[0]++;
            c[1] += v.identityTop5() ? 1 : 0;
            c[2] += v.styleCorrect() ? 1 : 0;
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((category, c) -> rows.add(new Row(category, c[0], c[1], c[2])));
        rows.sort(Comparator.comparingInt(Row::images).reversed().thenComparing(Row::category));
        return rows;
    }
}
