package dev.tessera.generation.eval;

import dev.tessera.generation.metrics.MetricEstimate;
import dev.tessera.generation.metrics.Proportion;
import java.util.List;
import java.util.Locale;

/** Renders evaluation reports as the markdown tables used in docs/results. */
public final class ReportMarkdown {

    private ReportMarkdown() {}

    public static String table(List<ImageSetReport> reports) {
        StringBuilder out = new StringBuilder();
        out.append("| images | n | reference | FED [95 % CI] | KID ×10³ [subset range] | identity top-1 | identity top-5 | subcategory top-1 | style |\n");
        out.append("| --- | ---: | --- | --- | --- | ---: | ---: | ---: | ---: |\n");
        for (ImageSetReport r : reports) {
            out.append("| ").append(r.label())
                    .append(" | ").append(r.sampleCount())
                    .append(" | ").append(r.reference())
                    .append(" | ").append(estimate(r.fed(), 1))
                    .append(" | ").append(estimate(scaled(r.kid(), 1000), 2))
                    .append(" | ").append(percent(r.promptAccuracy().identityTop1()))
                    .append(" | ").append(percent(r.promptAccuracy().identityTop5()))
                    .append(" | ").append(percent(r.promptAccuracy().subcategoryTop1()))
                    .append(" | ").append(percent(r.styleAccuracy()))
                    .append(" |\n");
        }
        return out.toString();
    }

    /**
     * The real images whose style the judge gets wrong, named: a model drawing those prompts exactly would be
     * scored wrong on them too, so they bound its style accuracy. Empty when the judge names every one.
     */
    public static String realStyleMisses(ImageSetReport real) {
        List<String> missed = real.verdicts().stream().filter(v -> !v.styleCorrect())
                .map(v -> v.prompt().prompt() + " (" + v.prompt().style().id() + ")").toList();
        return missed.isEmpty() ? "" : String.format(Locale.ROOT, "%nThe judge names the style of %d of the %d %s;"
                + " it misses %s.%n", real.verdicts().size() - missed.size(), real.verdicts().size(), real.label(),
                String.join(", ", missed));
    }

    /** Identity top-5 and style accuracy per category, one row each. */
    public static String categoryTable(List<CategoryBreakdown.Row> rows) {
        StringBuilder out = new StringBuilder("| category | images | identity top-5 | style |\n| --- | ---: | ---: | ---: |\n");
        for (CategoryBreakdown.Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% | %.1f %% |%n", r.category(), r.images(),
                    100.0 * r.identityTop5() / r.images(), 100.0 * r.styleCorrect() / r.images()));
        }
        return out.toString();
    }

    static String estimate(MetricEstimate e, int decimals) {
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", e.value(), e.low(), e.high());
    }

    static String percent(Proportion p) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * p.value());
    }

    private static MetricEstimate scaled(MetricEstimate e, double factor) {
        return new MetricEstimate(e.value() * factor, e.low() * factor, e.high() * factor, e.sampleCount());
    }
}
