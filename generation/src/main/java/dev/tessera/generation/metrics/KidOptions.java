package dev.tessera.generation.metrics;

/**
 * How KID subsamples: {@code subsets} draws of min(maxSubsetSize, n_generated, n_reference) rows from each
 * set, without replacement within a draw. The defaults, 100 subsets of at most 1000 rows, are those of
 * clean-fid and torch-fidelity, so numbers stay comparable in kind with published ones.
 */
public record KidOptions(int subsets, int maxSubsetSize, long seed) {

    public static final int DEFAULT_SUBSETS = 100;
    public static final int DEFAULT_MAX_SUBSET_SIZE = 1000;

    public KidOptions {
        if (subsets < 1) {
            throw new IllegalArgumentException("KID needs at least one subset, got " + subsets);
        }
        if (maxSubsetSize < 2) {
            throw new IllegalArgumentException("KID subsets need at least 2 rows, got " + maxSubsetSize);
        }
    }

    public static KidOptions defaults() {
        return new KidOptions(DEFAULT_SUBSETS, DEFAULT_MAX_SUBSET_SIZE, 0L);
    }

    public KidOptions withSeed(long newSeed) {
        return new KidOptions(subsets, maxSubsetSize, newSeed);
    }
}
