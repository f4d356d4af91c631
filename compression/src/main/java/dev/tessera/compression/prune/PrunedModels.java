package dev.tessera.compression.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import dev.tessera.generation.modelfile.NDArrayTensors;

/** Builds the pruned form of a whole model. */
public final class PrunedModels {

    private PrunedModels() {}

    /**
     * {@code full} pruned to {@code pruned}: every kept part keeps its weights
     * ({@link AcditModel#copyWeightsFrom}), and each adaLN turned constant gets the full adaLN's output
     * at the calibration set's mean condition: the constant that best stands in for it, to first order. A
     * narrowed {@code pruned} (smaller MLP ratio) keeps each kept MLP's strongest units ({@link MlpNarrowing}).
     */
    public static AcditModel prune(AcditModel full, AcditConfig pruned, CalibrationSet calibration, NDManager parent) {
        if (full.config().isPruned()) {
            throw new IllegalArgumentException("the model is already pruned (" + full.config().removed()
                    + "); prune its whole original instead");
        }
        AcditModel model = AcditModel.initialise(pruned, 0, parent);
        try {
            if (pruned.mlpRatio() != full.config().mlpRatio()) {
                MlpNarrowing.copy(full, model);
            } else {
                model.copyWeightsFrom(full);
            }
            for (RemovedPart part : pruned.removed()) {
                if (part.part() == LayerPart.ADALN) {
                    setConstantModulation(full, model, part.layer(), calibration);
                }
            }
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static void setConstantModulation(AcditModel full, AcditModel model, int layer, CalibrationSet calibration) {
        String name = "layers." + layer + ".adaln";
        NDArray target = model.parameters().get(name + ".bias");
        // The scope frees what DJL puts on the full model's manager (the transpose), the sub-manager the rest.
        try (NDScope scope = new NDScope(); NDManager m = full.parameters().manager().newSubManager()) {
            NDArray mean = calibration.meanConditionSilu(full, m);
            NDArray modulation = mean.matMul(full.parameters().get(name + ".weight").transpose())
                    .add(full.parameters().get(name + ".bias"));
            // The rows of the branches the layer kept: attention's are [0, 3w), the MLP's [3w, 6w).
            long first = model.config().keeps(layer, LayerPart.ATTENTION) ? 0 : 3L * model.config().width();
            NDArray rows = modulation.get(new NDIndex("{}:{}", first, first + target.getShape().get(0)));
            NDArrayTensors.overwrite(target, rows.reshape(target.getShape()));
        }
    }
}
