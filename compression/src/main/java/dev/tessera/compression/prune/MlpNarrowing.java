package dev.tessera.compression.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.modelfile.NDArrayTensors;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Copies a whole model into its narrowed form ({@link PlanKind#NARROW}): every weight the same, except that
 * each layer's MLP keeps only its strongest hidden units. A unit's strength is the norm of the row of
 * {@code fc1} that drives it times the norm of the column of {@code fc2} it writes through: a unit with
 * either near zero passes almost nothing on, whatever its input. Kept units stay in their original order.
 */
public final class MlpNarrowing {

    private MlpNarrowing() {}

    /**
     * Fills {@code narrowed} (a fresh network of {@code full}'s config with a smaller MLP ratio, and possibly parts
     * removed) from {@code full}: the kept parts' weights, each kept MLP's strongest units.
     */
    public static void copy(AcditModel full, AcditModel narrowed) {
        AcditConfig to = narrowed.config();
        if (!full.config().withMlpRatio(to.mlpRatio()).withRemoved(to.removed()).equals(to)
                || to.mlpRatio() >= full.config().mlpRatio()) {
            throw new IllegalArgumentException("cannot narrow " + full.config() + " into " + to
                    + ": only the MLP ratio (downwards) and the removed parts may differ");
        }
        int kept = to.width() * to.mlpRatio();
        narrowed.parameters().asMap().forEach((name, target) -> {
            if (!name.contains(".mlp.")) {
                NDArrayTensors.overwrite(target, full.parameters().get(name));
            }
        });
        for (int layer = 0; layer < to.depth(); layer++) {
            if (to.keeps(layer, LayerPart.MLP)) {
                narrowLayer(full, narrowed, "layers." + layer + ".mlp.", kept);
            }
        }
    }

    /** The {@code kept} strongest hidden units of one MLP, ascending. */
    static int[] strongestUnits(float[] fc1Weight, float[] fc2Weight, int hidden, int width, int kept) {
        double[] strength = new double[hidden];
        for (int unit = 0; unit < hidden; unit++) {
            double in = 0;
            double out = 0;
            for (int i = 0; i < width; i++) {
                double a = fc1Weight[unit * width + i]; // fc1.weight is [hidden, width]
                double b = fc2Weight[i * hidden + unit]; // fc2.weight is [width, hidden]
                in += a * a;
                out += b * b;
            }
            strength[unit] = Math.sqrt(in * out);
        }
        // Strongest first; ties by index, so the choice never depends on the sort's stability.
        int[] order = IntStream.range(0, hidden).boxed()
                .sorted(Comparator.<Integer>comparingDouble(u -> -strength[u]).thenComparingInt(u -> u))
                .mapToInt(Integer::intValue).toArray();
        int[] chosen = Arrays.copyOf(order, kept);
        Arrays.sort(chosen);
        return chosen;
    }

    private static void narrowLayer(AcditModel full, AcditModel narrowed, String prefix, int kept) {
        int width = full.config().width();
        int hidden = width * full.config().mlpRatio();
        float[] fc1 = full.parameters().get(prefix + "fc1.weight").toFloatArray();
        float[] bias1 = full.parameters().get(prefix + "fc1.bias").toFloatArray();
        float[] fc2 = full.parameters().get(prefix + "fc2.weight").toFloatArray();
        int[] units = strongestUnits(fc1, fc2, hidden, width, kept);
        float[] fc1Kept = new float[kept * width];
        float[] bias1Kept = new float[kept];
        float[] fc2Kept = new float[width * kept];
        for (int k = 0; k < kept; k++) {
            int unit = units[k];
            System.arraycopy(fc1, unit * width, fc1Kept, k * width, width);
            bias1Kept[k] = bias1[unit];
            for (int i = 0; i < width; i++) {
                fc2Kept[i * kept + k] = fc2[i * hidden + unit];
            }
        }
        try (NDManager m = narrowed.parameters().manager().newSubManager()) {
            set(narrowed, prefix + "fc1.weight", m.create(fc1Kept, new Shape(kept, width)));
            set(narrowed, prefix + "fc1.bias", m.create(bias1Kept, new Shape(kept)));
            set(narrowed, prefix + "fc2.weight", m.create(fc2Kept, new Shape(width, kept)));
            NDArrayTensors.overwrite(narrowed.parameters().get(prefix + "fc2.bias"),
                    full.parameters().get(prefix + "fc2.bias"));
        }
    }

    private static void set(AcditModel model, String name, NDArray values) {
        NDArrayTensors.overwrite(model.parameters().get(name), values);
    }
}
