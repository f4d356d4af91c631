package dev.tessera.generation.modelfile;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a model came from: the data set, how long and with which seed it was trained, when, from
 * which commit, and what it measured. Stored as strings under {@code tessera.provenance.*} and
 * {@code tessera.metric.*} keys of the safetensors {@code __metadata__}.
 */
public record Provenance(String dataset, long steps, long seed, Instant date, String gitCommit,
        Map<String, Double> metrics) {

    static final String PREFIX = "tessera.provenance.";
    static final String METRIC_PREFIX = "tessera.metric.";
    static final String DATASET = PREFIX + "dataset";
    static final String STEPS = PREFIX + "steps";
    static final String SEED = PREFIX + "seed";
    static final String DATE = PREFIX + "date";
    static final String COMMIT = PREFIX + "git_commit";

    public Provenance {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(gitCommit, "gitCommit");
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, was " + steps);
        }
        metrics = Map.copyOf(new TreeMap<>(metrics));
    }

    /** The metadata entries that represent this provenance. */
    public Map<String, String> toMetadata() {
        Map<String, String> out = new TreeMap<>();
        out.put(DATASET, dataset);
        out.put(STEPS, Long.toString(steps));
        out.put(SEED, Long.toString(seed));
        out.put(DATE, date.toString());
        out.put(COMMIT, gitCommit);
        metrics.forEach((name, value) -> out.put(metricKey(name), Double.toString(value)));
        return out;
    }

    /** The metadata key under which the metric {@code name} is stored. */
    public static String metricKey(String name) {
        return METRIC_PREFIX + name;
    }

    /**
     * Reads provenance back from metadata entries.
     *
     * @throws IllegalArgumentException naming the key when an entry is missing or malformed
     */
    public static Provenance fromMetadata(Map<String, String> metadata) {
        Map<String, Double> metrics = new TreeMap<>();
        metadata.forEach((key, value) -> {
            if (key.startsWith(METRIC_PREFIX)) {
                metrics.put(key.substring(METRIC_PREFIX.length()), parseDouble(key, value));
            }
        });
        return new Provenance(
                required(metadata, DATASET),
                parseLong(STEPS, required(metadata, STEPS)),
                parseLong(SEED, required(metadata, SEED)),
                parseInstant(required(metadata, DATE)),
                required(metadata, COMMIT),
                metrics);
    }

    static boolean presentIn(Map<String, String> metadata) {
        return metadata.keySet().stream().anyMatch(key -> key.startsWith(PREFIX));
    }

    private static String required(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata key '" + key + "' is missing");
        }
        return value;
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata key '" + key + "' must be an integer, was '" + value + "'", e);
        }
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata key '" + key + "' must be a number, was '" + value + "'", e);
        }
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "metadata key '" + DATE + "' must be an ISO-8601 instant, was '" + value + "'", e);
        }
    }
}
