package dev.tessera.generation.metrics;

/**
 * How far paired feature rows are apart: the mean L2 distance between row i of one set and row i of the
 * other, the mean L2 norm of all rows of both sets, and their ratio (scale-free, so it survives a change of
 * judge network).
 */
public record FeatureDistanceSummary(double meanDistance, double meanFeatureNorm, double relativeDistance,
        int pairCount) {
}
