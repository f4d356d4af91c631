package dev.tessera.compression.unet;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.engine.OfflineEngine;

/** Builds the pruned form of a whole U-Net, and counts an architecture's parameters on the network it builds. */
public final class UnetPruning {

    private UnetPruning() {}

    /**
     * {@code full} pruned to {@code pruned}: each kept block, and the skip convolution of each removed ResBlock
     * that has one, keeps its weights ({@link UnetModel#copyWeightsFrom}).
     */
    public static UnetModel prune(UnetModel full, UnetConfig pruned, NDManager parent) {
        if (full.config().isPruned()) {
            throw new IllegalArgumentException("the U-Net is already pruned (" + full.config().removed()
                    + "); prune its whole original instead");
        }
        UnetModel model = UnetModel.initialise(pruned, 0, parent);
        try {
            model.copyWeightsFrom(full);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Parameters of {@code config}'s network (so the plan's bookkeeping cannot drift from what loads). */
    public static long parameters(UnetConfig config) {
        try (NDManager m = OfflineEngine.newManager(); UnetModel model = UnetModel.initialise(config, 0, m)) {
            return model.parameters().elementCount();
        }
    }
}
