package dev.tessera.generation.data;

import dev.tessera.generation.random.Shuffles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shuffled mini-batches of dataset indices. Each epoch is a fresh permutation drawn from
 * (seed, epoch), so the same seed replays the same order on every run, and epochs differ.
 */
public final class EmojiBatches {

    private final int[] indices;
    private final int batchSize;
    private final long seed;
    private final boolean dropLast;

    /**
     * @param indices   the dataset indices to draw from, e.g. {@link EmojiDataset#trainIndices()}
     * @param dropLast  whether to drop a last batch smaller than {@code batchSize}
     */
    public EmojiBatches(int[] indices, int batchSize, long seed, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (indices.length == 0) {
            throw new IllegalArgumentException("no indices to batch");
        }
        this.indices = indices.clone();
        this.batchSize = batchSize;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    public int batchSize() {
        return batchSize;
    }

    public int batchesPerEpoch() {
        return dropLast ? indices.length / batchSize : (indices.length + batchSize - 1) / batchSize;
    }

    /** The batches of one epoch (0-based), in order. */
    public List<int[]> epoch(int epoch) {
        int[] order = permutation(epoch);
        List<int[]> batches = new ArrayList<>(batchesPerEpoch());
        for (int b = 0; b < batchesPerEpoch(); b++) {
            int from = b * batchSize;
            batches.add(Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length)));
        }
        return batches;
    }

    /** Fisher–Yates shuffle of the indices with a generator seeded from (seed, epoch). */
    private int[] permutation(int epoch) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
        int[] order = indices.clone();
        Shuffles.shuffle(order, random);
        return order;
    }
}
