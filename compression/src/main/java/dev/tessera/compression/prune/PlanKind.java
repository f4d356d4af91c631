package dev.tessera.compression.prune;

import dev.tessera.generation.acdit.model.AcditConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a pruning budget is spent on an ACDiT model: which parts a {@link PruningPlan} takes first. */
public enum PlanKind {
    /** Later layers first, whole (HierarchicalPrune): {@link PruningPlan#toBudget}. */
    POSITION,
    /** Attention and MLP branches of any layer, least ε-error per parameter first: {@link PruningPlan#cheapestParts}. */
    CHEAPEST,
    /** Every layer's MLP narrowed alike, its weakest hidden units first: {@link PruningPlan#narrowMlps}. */
    NARROW,
    /** The cheapest whole layers while the budget needs one, then every other MLP narrowed: {@link PruningPlan#layersThenNarrow}. */
    DEPTH;

    /** The name the CLI and the recipe use: "position", "cheapest", "narrow", "depth". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code id} (any case), or an error naming {@code option} and the kinds there are. */
    public static PlanKind parse(String id, String option) {
        for (PlanKind kind : values()) {
            if (kind.id().equalsIgnoreCase(id.strip())) {
                return kind;
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + String.join(", ",
                Arrays.stream(values()).map(PlanKind::id).toList()) + ", was \"" + id + "\"");
    }

    /** Plans removing at least {@code budget} of {@code whole}'s parameters this way. */
    public PruningPlan plan(AcditConfig whole, double budget, List<Contribution> contributions) {
        return switch (this) {
            case POSITION -> PruningPlan.toBudget(whole, budget, contributions);
            case CHEAPEST -> PruningPlan.cheapestParts(whole, budget, contributions);
            case NARROW -> PruningPlan.narrowMlps(whole, budget);
            case DEPTH -> PruningPlan.layersThenNarrow(whole, budget, contributions);
        };
    }
}
