package dev.tessera.generation.train;

/** Which examples form the batch of a step; a function of (seed, step) alone, so resumed runs draw the same. */
public sealed interface BatchSampler permits EpochBatchSampler, GroupBalancedBatchSampler {

    /** Indices of the examples in the batch of 0-based {@code step}. */
    int[] batch(long step, int batchSize);

    /**
     * The sampler {@code config.sampling()} asks for over examples whose groups are {@code groupOfExample}
     * (ignored by {@link BatchSampling#UNIFORM}).
     */
    static BatchSampler of(TrainingConfig config, int[] groupOfExample) {
        return switch (config.sampling()) {
            case UNIFORM -> new EpochBatchSampler(config.seed(), groupOfExample.length);
            case BALANCED -> new GroupBalancedBatchSampler(config.seed(), groupOfExample);
        };
    }
}
