package dev.tessera.compression;

import dev.tessera.compression.distill.DistillationBudget;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.compression.prune.PlanKind;
import dev.tessera.compression.prune.PruningPlan;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do to a model: prune a fraction of its parameters (0: keep every layer), distil the pruned
 * student from the whole model, and store the weights as INT4.
 *
 * @param prune            fraction of the parameters to remove: 0, or in (0, {@value PruningPlan#MAX_BUDGET}]
 * @param distill          how long to distil (only with pruning)
 * @param preserve         freeze everything before the first pruned layer while distilling
 * @param scaling          how distillation scales each layer's updates by its sensitivity
 * @param calibrationItems training images in the calibration set of the contribution analysis and the ε-error
 * @param plan             how an ACDiT model's budget is spent: later layers first, the cheapest branches anywhere, or every MLP narrower
 */
public record CompressionOptions(double prune, Optional<DistillationBudget> distill, boolean preserve,
        UpdateScaling scaling, Optional<Int4Quantizer> int4, int calibrationItems, Distiller.Options distillation,
        PlanKind plan) {

    public static final int DEFAULT_CALIBRATION_ITEMS = 64;

    public CompressionOptions {
        Objects.requireNonNull(distill, "distill");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(int4, "int4");
        Objects.requireNonNull(plan, "plan");
        if (prune != 0 && !(prune > 0 && prune <= PruningPlan.MAX_BUDGET)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--prune must be 0 (no pruning) or a fraction of the parameters in (0, %.1f], was %s",
                    PruningPlan.MAX_BUDGET, prune));
        }
        if (distill.isPresent() && prune == 0) {
            throw new IllegalArgumentException("distillation trains a pruned model towards its original: give --prune too");
        }
        if (calibrationItems < 1) {
            throw new IllegalArgumentException("the calibration set needs at least one image, got " + calibrationItems);
        }
    }

    /** Options that prune by position ({@link PlanKind#POSITION}), the default. */
    public CompressionOptions(double prune, Optional<DistillationBudget> distill, boolean preserve, UpdateScaling scaling,
            Optional<Int4Quantizer> int4, int calibrationItems, Distiller.Options distillation) {
        this(prune, distill, preserve, scaling, int4, calibrationItems, distillation, PlanKind.POSITION);
    }

    public boolean prunes() {
        return prune > 0;
    }

    /** A one-line account for the compressed file's metadata and the report. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (prunes()) {
            text.append(String.format(Locale.ROOT, "pruned to a budget of %.0f %%, %s", 100 * prune,
                    switch (plan) {
                        case POSITION -> "later layers first";
                        case CHEAPEST -> "cheapest attention and MLP branches first";
                        case NARROW -> "every layer's MLP narrowed, its strongest hidden units kept";
                        case DEPTH -> "cheapest whole layers first, then every other layer's MLP narrowed";
                    }));
            distill.ifPresent(budget -> text.append("; distilled (").append(describe(budget))
                    .append(preserve ? ", layers before the first pruned one frozen" : "")
                    .append(", ").append(scaling.name().toLowerCase(Locale.ROOT)).append(" sensitivity scaling)"));
        }
        int4.ifPresent(q -> text.append(text.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                "INT4 weights, groups of %d, %s", q.settings().group(), q.settings().scheme().id())));
        return text.length() == 0 ? "unchanged" : text.toString();
    }

    private static String describe(DistillationBudget budget) {
        return budget instanceof DistillationBudget.Steps s ? s.steps() + " steps"
                : String.format(Locale.ROOT, "%.1f min", ((DistillationBudget.Time) budget).time().toMillis() / 60_000.0);
    }
}
