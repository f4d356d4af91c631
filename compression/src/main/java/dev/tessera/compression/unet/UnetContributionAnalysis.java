package dev.tessera.compression.unet;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Each block's contribution to a U-Net: every ResBlock and every attention is removed in turn (a ResBlock
 * replaced by its skip path: the identity, or its 1×1 skip convolution where its channels change; an attention
 * by the identity) and the ε-error against the whole model measured on one calibration set.
 */
public final class UnetContributionAnalysis {

    private UnetContributionAnalysis() {}

    /** Measures every removable part of a whole U-Net in forward order, telling {@code done} about each. */
    public static List<UnetContribution> measure(UnetModel full, UnetEpsilonError error, Consumer<UnetContribution> done) {
        UnetConfig config = full.config();
        if (config.isPruned()) {
            throw new IllegalArgumentException("the U-Net is already pruned (" + config.removed()
                    + "); analyse its whole original");
        }
        long parameters = full.parameters().elementCount();
        List<String> parts = config.removableParts();
        List<UnetContribution> out = new ArrayList<>();
        for (int position = 0; position < parts.size(); position++) {
            try (NDManager m = full.parameters().manager().newSubManager();
                    UnetModel without = UnetPruning.prune(full, config.withRemoved(List.of(parts.get(position))), m)) {
                UnetContribution contribution = new UnetContribution(parts.get(position), position,
                        parameters - without.parameters().elementCount(), error.of(without));
                out.add(contribution);
                done.accept(contribution);
            }
        }
        return out;
    }
}
