package dev.tessera.compression.prune;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.engine.OfflineEngine;

/** Parameters of an architecture, counted on the network it builds (so pruning's bookkeeping cannot drift from it). */
public final class ParameterCount {

    private ParameterCount() {}

    public static long of(AcditConfig config) {
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditModel.initialise(config, 0, m)) {
            return model.parameters().elementCount();
        }
    }
}
