package dev.tessera.app;

import java.time.Duration;

/** Durations as people read them, for the studio's labels and the CLI's lines. */
public final class ReadableDurations {

    private ReadableDurations() {}

    /** Rounded for reading: "< 1 s", "45 s", "3 min 10 s", "1 h 5 min". */
    public static String of(Duration d) {
        long seconds = Math.max(0, Math.round(d.toMillis() / 1000.0));
        if (seconds < 1) {
            return "< 1 s";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        long minutes = (seconds + 30) / 60;
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
}
