package dev.tessera.generation.train;

import dev.tessera.generation.random.Shuffles;
import java.util.SplittableRandom;

/**
 * Which examples form the batch of a step: each epoch is a fresh permutation drawn from the seed,
 * and batches walk through it, so the data order is fixed by (seed, step) alone.
 */
public final class EpochBatchSampler implements BatchSampler {

    private final long seed;
    private final int datasetSize;
    private long cachedEpoch = -1;
    private int[] cachedPermutation;

    public EpochBatchSampler(long seed, int datasetSize) {
        if (datasetSize <= 0) {
            throw new IllegalArgumentException("dataset must not be empty");
        }
        this.seed = seed;
        this.datasetSize = datasetSize;
    }

    @Override
    public int[] batch(long step, int batchSize) {
        int[] out = new int[batchSize];
        long position = Math.multiplyExact(step, (long) batchSize);
        for (int i = 0; i < batchSize; i++, position++) {
            out[i] = permutation(position / datasetSize)[(int) (position % datasetSize)];
        }
        return out;
    }

    private int[] permutation(long epoch) {
        if (epoch != cachedEpoch) {
            SplittableRandom random = TrainingRandom.derive(seed, TrainingRandom.DATA_ORDER_STREAM, epoch);
            cachedEpoch = epoch;
            cachedPermutation = Shuffles.permutation(datasetSize, random);
        }
        return cachedPermutation;
    }
}
