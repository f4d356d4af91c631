package dev.tessera.compression.distill;

import dev.tessera.compression.prune.PruningPlan;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import dev.tessera.generation.metrics.Percentiles;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learning-rate factor of every parameter during distillation. With positional weight
 * preservation, everything before the first pruned layer is frozen (factor 0): the embeddings and
 * the early layers that lay the image out stay exactly the teacher's. The layers that train are
 * scaled by {@link UpdateScaling}; the output layer always trains fully.
 *
 * @param layerFactors the factor of each layer that has parameters, by layer index
 * @param firstTrained the first layer that trains (0 without preservation)
 */
public record LayerUpdates(Map<Integer, Double> layerFactors, double embeddingFactor, int firstTrained) {

    public LayerUpdates {
        layerFactors = Map.copyOf(layerFactors);
    }

    /**
     * @param sensitivity the ε-error of removing each layer whole, by layer index (every layer of the student)
     */
    public static LayerUpdates of(AcditConfig student, boolean preserve, UpdateScaling scaling,
            Map<Integer, Double> sensitivity) {
        int firstPruned = student.removed().stream().mapToInt(RemovedPart::layer).min().orElse(student.depth());
        return of(student, firstPruned, preserve, scaling, sensitivity);
    }

    /** The updates for distilling {@code plan}'s student: preservation freezes what precedes the first layer it changed. */
    public static LayerUpdates of(PruningPlan plan, boolean preserve, UpdateScaling scaling, Map<Integer, Double> sensitivity) {
        return of(plan.pruned(), plan.firstChangedLayer(), preserve, scaling, sensitivity);
    }

    private static LayerUpdates of(AcditConfig student, int firstPruned, boolean preserve, UpdateScaling scaling,
            Map<Integer, Double> sensitivity) {
        int firstTrained = preserve ? firstPruned : 0;
        Map<Integer, Double> trainable = new TreeMap<>();
        for (int layer = firstTrained; layer < student.depth(); layer++) {
            if (!student.keeps(layer, LayerPart.LAYER)) {
                continue;
            }
            Double s = sensitivity.get(layer);
            if (s == null || !(s >= 0) || s.isInfinite()) {
                throw new IllegalArgumentException("layer " + layer + " needs a finite sensitivity ≥ 0, has " + s);
            }
            trainable.put(layer, s);
        }
        // Layers whose removal costs nothing (an untrained one's closed gates) train fully.
        double least = trainable.values().stream().mapToDouble(Double::doubleValue).filter(s -> s > 0).min().orElse(1);
        double[] values = trainable.values().stream().mapToDouble(Double::doubleValue).toArray();
        double median = values.length == 0 ? 0 : Percentiles.quantile(values, 0.5);
        Map<Integer, Double> factors = new TreeMap<>();
        for (int layer = 0; layer < student.depth(); layer++) {
            Double s = trainable.get(layer);
            double factor = s == null ? 0 : switch (scaling) {
                case UNIFORM -> 1;
                case BINARY -> s <= median ? 1 : 0;
                case CONTINUOUS -> s <= least ? 1 : least / s;
            };
            factors.put(layer, factor);
        }
        return new LayerUpdates(factors, preserve ? 0 : 1, firstTrained);
    }

    /** The factor of parameter {@code name}: its layer's, the embeddings' or 1 for the output layer. */
    public double factor(String name) {
        if (name.startsWith("layers.")) {
            return layerFactors.getOrDefault(Integer.parseInt(name.split("\\.")[1]), 0.0);
        }
        return name.startsWith("final.") ? 1 : embeddingFactor;
    }
}
