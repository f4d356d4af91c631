package dev.tessera.generation.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * The real images' Gaussian statistics, keyed by set name: one per style id ({@code google}, {@code twitter})
 * and {@link #ALL_STYLES} for both together. {@code featureModel} names the judge network (and its version)
 * whose features were fitted, because statistics from different judges must never be compared.
 */
public record ReferenceStatistics(String featureModel, Map<String, GaussianStats> sets) {

    /** The key of the statistics over every style's images together. */
    public static final String ALL_STYLES = "all";

    /**
     * The key of the statistics over base emoji only (no skin-tone variants), every style. Prompts name
     * base emoji, while 1,875 of the 3,786 images of a style are skin-tone variants of people; against
     * {@link #ALL_STYLES} even the real images of the evaluation prompts score a FED as high as a model's.
     */
    public static final String BASE_EMOJI = "base";

    public ReferenceStatistics {
        if (featureModel == null || featureModel.isBlank()) {
            throw new IllegalArgumentException("reference statistics must name the feature model they came from");
        }
        if (sets == null || sets.isEmpty()) {
            throw new IllegalArgumentException("reference statistics need at least one set");
        }
        int dimension = -1;
        for (Map.Entry<String, GaussianStats> entry : sets.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isBlank() || entry.getValue() == null) {
                throw new IllegalArgumentException("every reference set needs a name and statistics");
            }
            int d = entry.getValue().dimension();
            if (dimension >= 0 && d != dimension) {
                throw new IllegalArgumentException("reference set '" + entry.getKey() + "' has dimension " + d
                        + " but the others have " + dimension);
            }
            dimension = d;
        }
        sets = java.util.Collections.unmodifiableMap(new TreeMap<>(sets));
    }

    /** The statistics of one set, or an exception listing the sets there are. */
    public GaussianStats get(String set) {
        GaussianStats stats = sets.get(set);
        if (stats == null) {
            throw new IllegalArgumentException("no reference statistics for '" + set + "'; have " + sets.keySet());
        }
        return stats;
    }

    public int dimension() {
        return sets.values().iterator().next().dimension();
    }
}
