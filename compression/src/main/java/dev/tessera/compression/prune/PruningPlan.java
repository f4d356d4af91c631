package dev.tessera.compression.prune;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Hierarchical position pruning to a parameter budget: later layers go first, since early layers
 * lay out the image and late ones refine it. Whole layers are removed from the last one back while
 * the budget still needs a whole layer; in the layer where the budget runs out, the parts that cost
 * least (lowest ε-error in the contribution analysis) go first, a single part that is enough
 * preferred to several. Layer 0 can lose parts but never goes whole.
 *
 * @param removed the parts removed, in layer order
 */
public record PruningPlan(AcditConfig pruned, List<RemovedPart> removed, long parametersBefore, long parametersAfter) {

    /** Budgets are fractions of the parameters in (0, {@value #MAX_BUDGET}]. */
    public static final double MAX_BUDGET = 0.9;

    public PruningPlan {
        removed = List.copyOf(removed);
    }

    public double removedFraction() {
        return 1 - (double) parametersAfter / parametersBefore;
    }

    /** Plans removing at least {@code budget} of {@code whole}'s parameters, guided by its {@code contributions}. */
    public static PruningPlan toBudget(AcditConfig whole, double budget, List<Contribution> contributions) {
        if (!(budget > 0 && budget <= MAX_BUDGET)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the pruning budget must be a fraction of the parameters in (0, %.1f], was %s", MAX_BUDGET, budget));
        }
        if (whole.isPruned()) {
            throw new IllegalArgumentException("the model is already pruned (" + whole.removed()
                    + "); prune its whole original instead");
        }
        Map<RemovedPart, Double> error = contributions.stream()
                .collect(Collectors.toMap(Contribution::part, Contribution::epsilonError, (a, b) -> a));
        Function<List<RemovedPart>, Long> parameters = parts -> ParameterCount.of(whole.withRemoved(normalised(parts)));
        long total = ParameterCount.of(whole);
        long target = (long) Math.ceil(budget * total);
        List<RemovedPart> removed = new ArrayList<>();
        for (int layer = whole.depth() - 1; layer >= 0 && total - parameters.apply(removed) < target; layer--) {
            List<RemovedPart> withLayer = with(removed, new RemovedPart(layer, LayerPart.LAYER));
            if (layer > 0 && total - parameters.apply(withLayer) <= target) {
                removed = withLayer;
                continue;
            }
            removed = partsOfLastLayer(removed, layer, error, total, target, parameters);
        }
        long after = parameters.apply(removed);
        if (total - after < target) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "nothing more is prunable: removing %.0f %%"
                    + " of the parameters needs more than every layer but the first, and the parts of that one, which"
                    + " hold %.1f %%", 100 * budget, 100.0 * (total - after) / total));
        }
        AcditConfig pruned = whole.withRemoved(normalised(removed));
        return new PruningPlan(pruned, pruned.removed(), total, after);
    }

    /** Parts of the layer where the budget runs out, cheapest first; one part that reaches the budget alone wins. */
    private static List<RemovedPart> partsOfLastLayer(List<RemovedPart> removed, int layer, Map<RemovedPart, Double> error,
            long total, long target, Function<List<RemovedPart>, Long> parameters) {
        List<RemovedPart> parts = new ArrayList<>();
        for (LayerPart part : List.of(LayerPart.ATTENTION, LayerPart.MLP, LayerPart.ADALN)) {
            RemovedPart candidate = new RemovedPart(layer, part);
            if (!error.containsKey(candidate)) {
                throw new IllegalArgumentException("the contribution analysis did not measure " + candidate.label());
            }
            parts.add(candidate);
        }
        parts.sort(Comparator.comparingDouble(error::get));
        for (RemovedPart part : parts) {
            if (total - parameters.apply(with(removed, part)) >= target) {
                return with(removed, part);
            }
        }
        List<RemovedPart> out = removed;
        for (RemovedPart part : parts) {
            out = with(out, part);
            if (total - parameters.apply(out) >= target) {
                break;
            }
        }
        return out;
    }

    private static List<RemovedPart> with(List<RemovedPart> parts, RemovedPart part) {
        List<RemovedPart> out = new ArrayList<>(parts);
        out.add(part);
        return out;
    }

    /** A layer that lost attention and MLP has lost everything: say so, as the config requires. */
    static List<RemovedPart> normalised(List<RemovedPart> parts) {
        List<RemovedPart> out = new ArrayList<>();
        for (RemovedPart part : parts) {
            int layer = part.layer();
            boolean whole = part.part() == LayerPart.LAYER
                    || parts.contains(new RemovedPart(layer, LayerPart.ATTENTION)) && parts.contains(new RemovedPart(layer, LayerPart.MLP));
            RemovedPart kept = whole ? new RemovedPart(layer, LayerPart.LAYER) : part;
            if (!out.contains(kept)) {
                out.add(kept);
            }
        }
        return out;
    }
}
