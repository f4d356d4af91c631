package dev.tessera.generation.metrics;

/**
 * The Fréchet distance between two Gaussians (FID, Heusel et al. 2017, on the judge's features instead of
 * Inception's). Symmetric in its arguments up to rounding. Rounding can also leave a distance of a set to
 * itself a tiny negative number (about 1e-12 of the covariance traces); it is not clamped, so that a truly
 * negative value, which would point at a bug, stays visible.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    public static double between(GaussianStats first, GaussianStats second) {
        if (first == null || second == null) {
            throw new IllegalArgumentException("both Gaussian statistics are required");
        }
        return FrechetReference.of(first).distanceTo(second);
    }

    /** Fits both feature sets (unbiased covariance) and returns the distance between the fits. */
    public static double between(FeatureMatrix first, FeatureMatrix second) {
        first.requireSameColumns(second, "Fréchet distance");
        return between(GaussianStats.fit(first), GaussianStats.fit(second));
    }
}
