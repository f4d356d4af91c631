package dev.tessera.generation.random;

/**
 * The root of all randomness of one job: a 64-bit seed from which independent streams are derived
 * by a path of ids, e.g. {@code stream(imageSeed, block, step)}. Deriving a stream never draws
 * from any other stream, so item 2 of a batch, or block 3 of an ACDiT image, gets the same numbers
 * whether or not its siblings are generated.
 */
public record NoiseSource(long seed) {

    /** Separates Tessera's key space from plain SplitMix64 seeded with the same number. */
    private static final long DOMAIN = 0x7E55E7A0D1FF0510L;

    public static NoiseSource of(long seed) {
        return new NoiseSource(seed);
    }

    /**
     * The stream named by {@code path}. Different paths (including prefixes: {@code (1)} versus
     * {@code (1, 0)}) give unrelated streams; the empty path is the seed's own stream.
     */
    public NoiseStream stream(long... path) {
        long key = SplitMix.mix64(seed ^ DOMAIN);
        for (long id : path) {
            // Chain the ids through the mixer so order matters: (1, 2) differs from (2, 1).
            key = SplitMix.mix64(key + SplitMix.GOLDEN_GAMMA * SplitMix.mix64(id + 1));
        }
        // Folding in the length keeps a path and its zero-extended form apart.
        return new NoiseStream(SplitMix.mix64(key ^ path.length));
    }
}
