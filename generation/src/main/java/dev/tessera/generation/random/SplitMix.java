package dev.tessera.generation.random;

/** The SplitMix64 finaliser (Steele, Lea and Flood 2014, "variant 13" constants). */
final class SplitMix {

    /** The odd Weyl increment of SplitMix64: 2^64 divided by the golden ratio. */
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix() {}

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
