package dev.tessera.compression.prune;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Each layer's contribution, and that of its attention, MLP and adaLN: every part is removed in turn
 * (the layer or branch replaced by the identity, the adaLN by its constant at the mean condition) and
 * the ε-error against the whole model measured on one calibration set.
 */
public final class ContributionAnalysis {

    private ContributionAnalysis() {}

    /** Every part of every layer, layer by layer in the order of {@link LayerPart}. */
    public static List<RemovedPart> candidates(AcditConfig config) {
        List<RemovedPart> parts = new ArrayList<>();
        for (int layer = 0; layer < config.depth(); layer++) {
            for (LayerPart part : LayerPart.values()) {
                parts.add(new RemovedPart(layer, part));
            }
        }
        return parts;
    }

    /** Measures {@link #candidates} of a whole model, telling {@code done} about each as it is measured. */
    public static List<Contribution> measure(AcditModel full, EpsilonError error, Consumer<Contribution> done) {
        long parameters = ParameterCount.of(full.config());
        List<Contribution> out = new ArrayList<>();
        for (RemovedPart part : candidates(full.config())) {
            AcditConfig pruned = full.config().withRemoved(List.of(part));
            try (NDManager m = full.parameters().manager().newSubManager();
                    AcditModel without = PrunedModels.prune(full, pruned, error.calibration(), m)) {
                Contribution contribution = new Contribution(part, parameters - without.parameters().elementCount(),
                        error.of(without));
                out.add(contribution);
                done.accept(contribution);
            }
        }
        return out;
    }
}
