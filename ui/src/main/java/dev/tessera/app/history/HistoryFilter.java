package dev.tessera.app.history;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * What the gallery shows: entries whose prompt contains {@code text} (ignoring case), made with
 * {@code model} in {@code style} (empty = any) between {@code from} and {@code to} inclusive (null = open).
 */
public record HistoryFilter(String text, String model, String style, LocalDate from, LocalDate to) {

    public HistoryFilter {
        text = text == null ? "" : text.strip();
        model = model == null ? "" : model;
        style = style == null ? "" : style;
    }

    /** Any style. */
    public HistoryFilter(String text, String model, LocalDate from, LocalDate to) {
        this(text, model, "", from, to);
    }

    public static HistoryFilter all() {
        return new HistoryFilter("", "", "", null, null);
    }

    public boolean matches(HistoryEntry entry, ZoneId zone) {
        if (!text.isEmpty() && !entry.recipe().prompt().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!model.isEmpty() && !entry.recipe().model().equals(model)) {
            return false;
        }
        if (!style.isEmpty() && !entry.recipe().style().equals(style)) {
            return false;
        }
        LocalDate day = LocalDate.ofInstant(entry.created(), zone);
        return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
    }
}
