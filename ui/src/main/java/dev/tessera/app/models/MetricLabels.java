package dev.tessera.app.models;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readable names and units for a model file's measured metrics ({@code tessera.metric.<key>}). A key
 * is a measure, optionally after a qualifier saying what was measured: {@code clean_identity_top5} is
 * "Identity top-5 (%) — clean", {@code eval_seen_fed} is "FED (lower is better) — seen prompts".
 * Fractions show as percentages. A key whose measure is unknown is shown as it is.
 */
final class MetricLabels {

    /** How a measure's value is written. */
    private enum Unit { PERCENT, DECIMAL, COUNT, SECONDS }

    private record Measure(String suffix, String name, Unit unit, String description) {}

    // Longest suffixes first, so "style_strength" is not read as a qualified "style".
    private static final List<Measure> MEASURES = List.of(
            new Measure("subcategory_top1", "Subcategory top-1 (%)", Unit.PERCENT,
                    "images whose subcategory the judge names first"),
            new Measure("seconds_per_image", "Seconds per image", Unit.SECONDS, "rendering time of one image"),
            new Measure("steps_per_block", "Steps per block", Unit.COUNT, "sampler steps per block in the measurement"),
            new Measure("style_strength", "Style strength", Unit.DECIMAL, "style-contrast guidance in the measurement"),
            new Measure("identity_top5", "Identity top-5 (%)", Unit.PERCENT,
                    "images whose prompted emoji is among the judge's five best guesses"),
            new Measure("identity_top1", "Identity top-1 (%)", Unit.PERCENT,
                    "images whose prompted emoji is the judge's first guess"),
            new Measure("parameters", "Parameters", Unit.COUNT, "weights in the network"),
            new Measure("guidance", "Guidance (CFG)", Unit.DECIMAL, "classifier-free guidance in the measurement"),
            new Measure("images", "Images measured", Unit.COUNT, "how many images the figures are over"),
            new Measure("params", "Parameters", Unit.COUNT, "weights in the network"),
            new Measure("style", "Style accuracy (%)", Unit.PERCENT, "images drawn in the prompted style, by the judge"),
            new Measure("top5", "Identity top-5 (%)", Unit.PERCENT,
                    "images whose prompted emoji is among the judge's five best guesses"),
            new Measure("top1", "Identity top-1 (%)", Unit.PERCENT, "images whose prompted emoji is the judge's first guess"),
            new Measure("psnr", "PSNR (dB)", Unit.DECIMAL, "peak signal-to-noise ratio; higher is closer"),
            new Measure("fed", "FED (lower is better)", Unit.DECIMAL,
                    "Fréchet distance of the judge's features to real emoji"),
            new Measure("kid", "KID (lower is better)", Unit.DECIMAL,
                    "kernel inception distance of the judge's features to real emoji"));

    /** FED measured against another reference than all real images: {@code fed_google}. */
    private static final Pattern FED_AGAINST = Pattern.compile("(?:(.+)_)?fed_([a-z0-9]+)");

    private static final Map<String, String> QUALIFIERS = Map.of(
            "clean", "clean", "augmented", "augmented", "cross_style", "other style",
            "eval_seen", "seen prompts", "eval_unseen", "unseen prompts");

    private MetricLabels() {}

    static ModelDetails.Entry entry(String key, String raw) {
        Matcher fedAgainst = FED_AGAINST.matcher(key);
        if (fedAgainst.matches()) {
            return labelled("FED vs " + fedAgainst.group(2) + " (lower is better)", fedAgainst.group(1), Unit.DECIMAL,
                    "Fréchet distance of the judge's features to the " + fedAgainst.group(2) + " emoji", key, raw);
        }
        for (Measure measure : MEASURES) {
            if (key.equals(measure.suffix())) {
                return labelled(measure.name(), null, measure.unit(), measure.description(), key, raw);
            }
            if (key.endsWith("_" + measure.suffix())) {
                String qualifier = key.substring(0, key.length() - measure.suffix().length() - 1);
                return labelled(measure.name(), qualifier, measure.unit(), measure.description(), key, raw);
            }
        }
        return new ModelDetails.Entry(key, ModelDetails.formatMetric(raw), "measured: " + raw);
    }

    private static ModelDetails.Entry labelled(String name, String qualifier, Unit unit, String description, String key,
            String raw) {
        String shown = qualifier == null ? name
                : name + " — " + QUALIFIERS.getOrDefault(qualifier, qualifier.replace('_', ' '));
        return new ModelDetails.Entry(shown, format(raw, unit), description + " (tessera.metric." + key + " = " + raw + ")");
    }

    private static String format(String raw, Unit unit) {
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
        return switch (unit) {
            // Recorded as fractions; a value above 1 was written as a percentage already.
            case PERCENT -> String.format(Locale.ROOT, "%.1f", value <= 1 ? value * 100 : value);
            case COUNT -> value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
                    : ModelDetails.formatMetric(raw);
            case SECONDS -> String.format(Locale.ROOT, "%.3g s", value);
            case DECIMAL -> ModelDetails.formatMetric(raw);
        };
    }
}
