package dev.tessera.ensemble.afa;

import dev.tessera.ensemble.unet.UnetConfig;
import java.util.List;

/**
 * What an ensemble file ({@code tessera.model} = {@value AfaEnsemble#KIND}) stores as its config: the experts'
 * common architecture, each expert by relative path and content hash, and the aggregator's settings.
 */
public record EnsembleConfig(UnetConfig architecture, List<ExpertReference> experts, AggregatorConfig aggregator) {

    /** Bounds a file's expert list before anything is read. */
    public static final int MAX_EXPERTS = 16;

    public EnsembleConfig {
        experts = List.copyOf(experts);
        if (experts.isEmpty() || experts.size() > MAX_EXPERTS) {
            throw new IllegalArgumentException("an ensemble names 1 to " + MAX_EXPERTS + " experts, named "
                    + experts.size());
        }
    }
}
