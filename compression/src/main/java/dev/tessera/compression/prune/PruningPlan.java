package dev.tessera.compression.prune;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
 * <p>{@link #cheapestParts} is the second way ({@link PlanKind#CHEAPEST}): the attention and MLP branches
 * of any layer, in order of ε-error per parameter saved, for models whose later layers are not the ones
 * that matter least.
 *
 * <p>{@link #narrowMlps} is the third ({@link PlanKind#NARROW}): no part goes whole; every layer's MLP keeps
 * fewer hidden units, the same number in each layer, so the budget is spread thinly over the whole network
 * instead of taken from a few places ({@link MlpNarrowing} chooses which units stay).
 *
 * <p>{@link #layersThenNarrow} is the fourth ({@link PlanKind#DEPTH}): the cheapest whole layers, which take
 * their native calls with them (the time a small batch spends), and the remainder spread over the other MLPs.
 *
 * @param removed        the parts removed, in layer order
 * @param mlpRatioBefore the whole model's MLP ratio: a plan whose {@code pruned} has a smaller one narrows
 */
public record PruningPlan(AcditConfig pruned, List<RemovedPart> removed, long parametersBefore, long parametersAfter,
        int mlpRatioBefore) {

    /** Budgets are fractions of the parameters in (0, {@value #MAX_BUDGET}]. */
    public static final double MAX_BUDGET = 0.9;

    public PruningPlan {
        removed = List.copyOf(removed);
    }

    public double removedFraction() {
        return 1 - (double) parametersAfter / parametersBefore;
    }

    /** Whether the plan narrows every kept MLP (alone, or after removing parts). */
    public boolean narrows() {
        return pruned.mlpRatio() < mlpRatioBefore;
    }

    /** The first layer the plan changes: where positional weight preservation stops freezing. */
    public int firstChangedLayer() {
        return narrows() ? 0 : removed.stream().mapToInt(RemovedPart::layer).min().orElseThrow();
    }

    /**
     * "layer 7, layer 6 MLP", "every layer's MLP narrowed to 384 hidden units" or "layer 4, every other layer's MLP
     * narrowed to 576 hidden units": for messages and recipes.
     */
    public String describe() {
        List<String> parts = new ArrayList<>(removed.stream().map(RemovedPart::label).toList());
        if (narrows()) {
            parts.add("every " + (removed.isEmpty() ? "" : "other ") + "layer's MLP narrowed to "
                    + pruned.width() * pruned.mlpRatio() + " hidden units");
        }
        return String.join(", ", parts);
    }

    /** The sum of the removed parts' own ε-errors (each measured alone): what the plan expects to cost. */
    public double summedError(List<Contribution> contributions) {
        Map<RemovedPart, Double> error = errors(contributions);
        return removed.stream().mapToDouble(p -> error.get(measured(p, error))).sum();
    }

    /** Plans removing at least {@code budget} of {@code whole}'s parameters, guided by its {@code contributions}. */
    public static PruningPlan toBudget(AcditConfig whole, double budget, List<Contribution> contributions) {
        checkPrunable(whole, budget);
        Map<RemovedPart, Double> error = errors(contributions);
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
        return new PruningPlan(pruned, pruned.removed(), total, after, whole.mlpRatio());
    }

    /**
     * Plans removing at least {@code budget} of {@code whole}'s parameters by the cheapest branches anywhere: the
     * attention and MLP of every layer are ranked by ε-error per parameter saved and taken cheapest first; as soon
     * as one branch would complete the budget on its own, the one of those with the lowest ε-error completes it
     * (the rule {@link #toBudget} uses in its last layer), so a cheap-per-parameter branch that overshoots far
     * does not end the plan when a less harmful one fits. A layer that loses both branches goes whole; layer 0
     * keeps at least one. AdaLN modulations are not candidates: computed once per block, not per token, they
     * save parameters but hardly any time, and removing several makes much of the network blind to timestep and
     * condition together, which single-part ε-errors do not measure.
     */
    public static PruningPlan cheapestParts(AcditConfig whole, double budget, List<Contribution> contributions) {
        checkPrunable(whole, budget);
        Map<RemovedPart, Double> error = errors(contributions);
        long total = ParameterCount.of(whole);
        long target = (long) Math.ceil(budget * total);
        Map<RemovedPart, Long> saves = new LinkedHashMap<>();
        for (int layer = whole.depth() - 1; layer >= 0; layer--) {
            for (LayerPart kind : List.of(LayerPart.ATTENTION, LayerPart.MLP)) {
                RemovedPart part = measured(new RemovedPart(layer, kind), error);
                saves.put(part, total - ParameterCount.of(whole.withRemoved(List.of(part))));
            }
        }
        Comparator<RemovedPart> perParameter = Comparator.comparingDouble(p -> error.get(p) / Math.max(1, saves.get(p)));
        List<RemovedPart> removed = new ArrayList<>();
        long saved = 0;
        while (saved < target) {
            List<RemovedPart> open = saves.keySet().stream().filter(p -> !removed.contains(p)
                    && !(p.layer() == 0 && removed.stream().anyMatch(r -> r.layer() == 0))).toList();
            if (open.isEmpty()) {
                break;
            }
            long need = target - saved;
            RemovedPart next = open.stream().filter(p -> saves.get(p) >= need).min(Comparator.comparingDouble(error::get))
                    .orElseGet(() -> open.stream().min(perParameter).orElseThrow());
            removed.add(next);
            saved += saves.get(next);
        }
        if (saved < target) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "nothing more is prunable: removing %.0f %%"
                    + " of the parameters needs more than the attention and MLP of every layer but one branch of the"
                    + " first, which hold %.1f %%", 100 * budget, 100.0 * saved / total));
        }
        AcditConfig pruned = whole.withRemoved(normalised(removed));
        long after = ParameterCount.of(pruned);
        if (total - after != saved) {
            throw new IllegalStateException("the branches' parameter counts (" + saved + " saved) do not add up to the"
                    + " pruned network's (" + (total - after) + ")");
        }
        return new PruningPlan(pruned, pruned.removed(), total, after, whole.mlpRatio());
    }

    /**
     * Plans removing at least {@code budget} of {@code whole}'s parameters by narrowing every layer's MLP alike:
     * the widest MLP (hidden units a whole multiple of the width, as the config stores them) that frees enough.
     * A multiple of the width keeps every INT4 group size dividing the narrowed rows.
     */
    public static PruningPlan narrowMlps(AcditConfig whole, double budget) {
        checkPrunable(whole, budget);
        long total = ParameterCount.of(whole);
        long target = (long) Math.ceil(budget * total);
        long least = total;
        for (int ratio = whole.mlpRatio() - 1; ratio >= 1; ratio--) {
            AcditConfig narrowed = whole.withMlpRatio(ratio);
            least = ParameterCount.of(narrowed);
            if (total - least >= target) {
                return new PruningPlan(narrowed, List.of(), total, least, whole.mlpRatio());
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "nothing more is prunable by narrowing: removing"
                + " %.0f %% of the parameters needs more than MLPs of one hidden unit per width, which free %.1f %%;"
                + " choose the position or cheapest plan", 100 * budget, 100.0 * (total - least) / total));
    }

    /**
     * Plans removing at least {@code budget} of {@code whole}'s parameters by whole layers, least ε-error first
     * (never layer 0), while what is left of the budget still needs a whole layer (or more than narrowing the other
     * MLPs can free); the rest by narrowing every kept layer's MLP alike to the widest whole multiple of the width
     * that completes the budget. Removing a layer saves its native calls as well as its arithmetic, which narrowing
     * does not; narrowing costs less quality per parameter, so it takes what is too little for a layer.
     */
    public static PruningPlan layersThenNarrow(AcditConfig whole, double budget, List<Contribution> contributions) {
        checkPrunable(whole, budget);
        Map<RemovedPart, Double> error = errors(contributions);
        long total = ParameterCount.of(whole);
        long target = (long) Math.ceil(budget * total);
        List<RemovedPart> byCost = new ArrayList<>();
        for (int layer = 1; layer < whole.depth(); layer++) {
            byCost.add(measured(new RemovedPart(layer, LayerPart.LAYER), error));
        }
        byCost.sort(Comparator.comparingDouble(error::get));
        List<RemovedPart> removed = new ArrayList<>();
        for (RemovedPart layer : byCost) {
            long need = target - (total - ParameterCount.of(whole.withRemoved(removed)));
            boolean narrowingSuffices = total - ParameterCount.of(whole.withRemoved(removed).withMlpRatio(1)) >= target;
            if (need <= 0 || need < total - ParameterCount.of(whole.withRemoved(List.of(layer))) && narrowingSuffices) {
                break;
            }
            removed.add(layer);
        }
        removed.sort(Comparator.comparingInt(RemovedPart::layer));
        AcditConfig shallower = whole.withRemoved(removed);
        for (int ratio = whole.mlpRatio(); ratio >= 1; ratio--) {
            AcditConfig pruned = shallower.withMlpRatio(ratio);
            long after = ParameterCount.of(pruned);
            if (total - after >= target) {
                return new PruningPlan(pruned, pruned.removed(), total, after, whole.mlpRatio());
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "nothing more is prunable: removing %.0f %% of"
                + " the parameters needs more than %d whole layers and MLPs of one hidden unit per width in the others,"
                + " which free %.1f %%", 100 * budget, removed.size(),
                100.0 * (total - ParameterCount.of(shallower.withMlpRatio(1))) / total));
    }

    private static void checkPrunable(AcditConfig whole, double budget) {
        if (!(budget > 0 && budget <= MAX_BUDGET)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the pruning budget must be a fraction of the parameters in (0, %.1f], was %s", MAX_BUDGET, budget));
        }
        if (whole.isPruned()) {
            throw new IllegalArgumentException("the model is already pruned (" + whole.removed()
                    + "); prune its whole original instead");
        }
    }

    private static Map<RemovedPart, Double> errors(List<Contribution> contributions) {
        return contributions.stream().collect(Collectors.toMap(Contribution::part, Contribution::epsilonError, (a, b) -> a));
    }

    private static RemovedPart measured(RemovedPart part, Map<RemovedPart, Double> error) {
        if (!error.containsKey(part)) {
            throw new IllegalArgumentException("the contribution analysis did not measure " + part.label());
        }
        return part;
    }

    /** Parts of the layer where the budget runs out, cheapest first; one part that reaches the budget alone wins. */
    private static List<RemovedPart> partsOfLastLayer(List<RemovedPart> removed, int layer, Map<RemovedPart, Double> error,
            long total, long target, Function<List<RemovedPart>, Long> parameters) {
        List<RemovedPart> parts = new ArrayList<>();
        for (LayerPart part : List.of(LayerPart.ATTENTION, LayerPart.MLP, LayerPart.ADALN)) {
            parts.add(measured(new RemovedPart(layer, part), error));
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
