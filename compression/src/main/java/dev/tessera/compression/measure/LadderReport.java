package dev.tessera.compression.measure;

import dev.tessera.compression.measure.CompressionLadder.Row;
import dev.tessera.generation.metrics.MetricEstimate;
import dev.tessera.generation.metrics.Proportion;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The ladder as a Markdown table and as gnuplot data. */
public final class LadderReport {

    private LadderReport() {}

    public static String markdown(List<Row> rows) {
        Row original = rows.get(0);
        StringBuilder out = new StringBuilder();
        out.append("| # | model | parameters | file MB | weights in memory, MB | peak RSS, MB | s per image (× original) |"
                + " FED [95 % CI] | identity top-5 (× original) | identity top-1 | paired PSNR vs original, median dB |\n");
        out.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |\n");
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %d | %s | %,d (%s) | %.2f | %s | %s | %s | %s | %s | %s | %s |%n",
                    rows.indexOf(row) + 1, row.variant().label(), row.compression().parameters(),
                    percentChange(row.compression().parameters(), original.compression().parameters()),
                    row.fileBytes() / 1e6,
                    both(mb(row.atLoad().weightBytes()), row.packed().map(p -> mb(p.weightBytes())
                            + " packed (" + percentChange(p.weightBytes(), original.atLoad().weightBytes()) + ")")),
                    both(mb(row.atLoad().peakRssBytes()), row.packed().map(p -> mb(p.peakRssBytes()) + " packed")),
                    both(seconds(row.atLoad().secondsPerImage(), original), row.packed()
                            .map(p -> seconds(p.secondsPerImage(), original) + " packed")),
                    fed(row.quality().fed()), ratio(row.quality().promptAccuracy().identityTop5(),
                            original.quality().promptAccuracy().identityTop5()),
                    percent(row.quality().promptAccuracy().identityTop1()),
                    row == original ? "—" : String.format(Locale.ROOT, "%.1f", row.psnr().medianDb())));
        }
        return out.toString();
    }

    /**
     * One line per model: its row number (1 = the original), label, file MB, smallest weights MB, identity
     * top-5 %, FED, median paired PSNR (NaN for the original).
     */
    public static String plotData(List<Row> rows) {
        StringBuilder out = new StringBuilder("# row label file_mb weight_mb identity_top5_percent fed psnr_median_db\n");
        for (Row row : rows) {
            long weights = row.packed().map(CompressionLadder.Runtime::weightBytes).orElse(row.atLoad().weightBytes());
            out.append(String.format(Locale.ROOT, "%d \"%s\" %.3f %.3f %.2f %.2f %.2f%n", rows.indexOf(row) + 1,
                    row.variant().label(),
                    row.fileBytes() / 1e6, weights / 1e6, 100 * row.quality().promptAccuracy().identityTop5().value(),
                    row.quality().fed().value(), row == rows.get(0) ? Double.NaN : row.psnr().medianDb()));
        }
        return out.toString();
    }

    private static String both(String atLoad, Optional<String> packed) {
        return packed.map(p -> atLoad + " / " + p).orElse(atLoad);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / 1e6);
    }

    private static String seconds(double seconds, Row original) {
        return String.format(Locale.ROOT, "%.3f (%.2f×)", seconds, seconds / original.atLoad().secondsPerImage());
    }

    private static String fed(MetricEstimate fed) {
        return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", fed.value(), fed.low(), fed.high());
    }

    private static String ratio(Proportion value, Proportion original) {
        return String.format(Locale.ROOT, "%s (%.2f×)", percent(value), value.value() / original.value());
    }

    private static String percent(Proportion p) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * p.value());
    }

    private static String percentChange(long value, long original) {
        return String.format(Locale.ROOT, "%+.1f %%", 100.0 * (value - original) / original);
    }
}
