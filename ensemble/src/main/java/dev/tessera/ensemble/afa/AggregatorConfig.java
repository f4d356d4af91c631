package dev.tessera.ensemble.afa;

/**
 * Settings of an AFA aggregator, stored in the ensemble file. How many experts it mixes is not a setting:
 * it is the number of experts the ensemble names, and the shapes of the aggregator's logit layers.
 *
 * @param width hidden channels of each aggregation point's small network
 */
public record AggregatorConfig(int width) {

    /** Bounds a file's value before anything is allocated. */
    public static final int MAX_WIDTH = 1024;

    public AggregatorConfig {
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("aggregator width must be between 1 and " + MAX_WIDTH + ", was " + width);
        }
    }
}
