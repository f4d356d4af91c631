package dev.tessera.generation.train;

import java.util.SplittableRandom;

/**
 * Counter-based randomness: the generator for a step depends only on the run's seed, the step and
 * a stream id, so a resumed run draws exactly what the uninterrupted run would have, and the
 * "RNG state" in a checkpoint is just the seed and the step.
 */
public final class TrainingRandom {

    /** Stream ids keep different uses (batches, noise, dropout) independent. */
    public static final long STEP_STREAM = 1;
    public static final long DATA_ORDER_STREAM = 2;
    public static final long BALANCED_BATCH_STREAM = 3;

    private TrainingRandom() {}

    public static SplittableRandom forStep(long seed, long step) {
        return derive(seed, STEP_STREAM, step);
    }

    public static SplittableRandom derive(long seed, long stream, long counter) {
        return new SplittableRandom(mix(mix(seed ^ mix(stream)) + mix(counter + 0x632BE59BD9B4E019L)));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
