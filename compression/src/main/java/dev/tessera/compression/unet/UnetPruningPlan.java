package dev.tessera.compression.unet;

import dev.tessera.compression.prune.PruningPlan;
import dev.tessera.ensemble.unet.UnetConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hierarchical position pruning of a U-Net to a parameter budget, as {@link PruningPlan} prunes ACDiT: later
 * positions go first. The removable blocks (ResBlocks and attentions) are grouped by position, from the last:
 * the decoder (every {@code up.*} block), the middle, then each encoder level from the lowest resolution back
 * ({@code down.2}, {@code down.1}, {@code down.0}). The window is the fewest of these groups, counted from the last,
 * whose blocks hold the budget; inside it the contribution analysis chooses: blocks go in order of ε-error per
 * parameter saved, the cheapest first, until the budget is met, and any chosen block the budget does not need
 * after all is put back (the most harmful first).
 *
 * @param removed the blocks removed, in forward order
 * @param window  the position groups pruning could take from, from the last
 */
public record UnetPruningPlan(UnetConfig pruned, List<String> removed, List<String> window, long parametersBefore,
        long parametersAfter) {

    public UnetPruningPlan {
        removed = List.copyOf(removed);
        window = List.copyOf(window);
    }

    public double removedFraction() {
        return 1 - (double) parametersAfter / parametersBefore;
    }

    /** Plans removing at least {@code budget} of {@code whole}'s parameters, guided by its {@code contributions}. */
    public static UnetPruningPlan toBudget(UnetConfig whole, double budget, List<UnetContribution> contributions) {
        if (!(budget > 0 && budget <= PruningPlan.MAX_BUDGET)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the pruning budget must be a fraction of the parameters in (0, %.1f], was %s",
                    PruningPlan.MAX_BUDGET, budget));
        }
        if (whole.isPruned()) {
            throw new IllegalArgumentException("the U-Net is already pruned (" + whole.removed()
                    + "); prune its whole original instead");
        }
        Map<String, UnetContribution> measured = new HashMap<>();
        contributions.forEach(c -> measured.put(c.part(), c));
        Map<String, List<UnetContribution>> groups = new LinkedHashMap<>();
        List<String> fromLast = new ArrayList<>(whole.removableParts());
        Collections.reverse(fromLast);
        for (String part : fromLast) {
            UnetContribution c = measured.get(part);
            if (c == null) {
                throw new IllegalArgumentException("the contribution analysis did not measure " + part);
            }
            groups.computeIfAbsent(positionGroup(part), g -> new ArrayList<>()).add(c);
        }
        long total = UnetPruning.parameters(whole);
        long target = (long) Math.ceil(budget * total);
        List<UnetContribution> candidates = new ArrayList<>();
        List<String> window = new ArrayList<>();
        for (Map.Entry<String, List<UnetContribution>> group : groups.entrySet()) {
            if (saved(candidates) >= target) {
                break;
            }
            window.add(group.getKey());
            candidates.addAll(group.getValue());
        }
        if (saved(candidates) < target) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "nothing more is prunable: removing %.0f %%"
                    + " of the parameters needs more than every ResBlock and attention, which hold %.1f %% (the"
                    + " embeddings, input and output layers, resampling and skip convolutions stay)", 100 * budget,
                    100.0 * saved(candidates) / total));
        }
        List<UnetContribution> chosen = new ArrayList<>();
        for (UnetContribution c : candidates.stream().sorted(Comparator.comparingDouble(UnetPruningPlan::errorPerParameter)
                .thenComparing(Comparator.comparingInt(UnetContribution::position).reversed())).toList()) {
            if (saved(chosen) >= target) {
                break;
            }
            chosen.add(c);
        }
        for (UnetContribution c : chosen.stream().sorted(Comparator.comparingDouble(UnetContribution::epsilonError)
                .reversed()).toList()) {
            if (saved(chosen) - c.parametersSaved() >= target) {
                chosen.remove(c);
            }
        }
        UnetConfig pruned = whole.withRemoved(chosen.stream().map(UnetContribution::part).toList());
        long after = UnetPruning.parameters(pruned);
        if (total - after != saved(chosen)) {
            throw new IllegalStateException("the contributions' parameter counts (" + saved(chosen) + " saved) do not"
                    + " match the pruned network's (" + (total - after) + "): were they measured on this architecture?");
        }
        return new UnetPruningPlan(pruned, pruned.removed(), window, total, after);
    }

    /** The position group of a block: "decoder", "middle" or its encoder level ("down.2"). */
    static String positionGroup(String part) {
        return part.startsWith("up.") ? "decoder" : part.startsWith("mid.") ? "middle" : level(part);
    }

    /** The level a block belongs to ("up.0", "down.2") or "mid". */
    static String level(String part) {
        String[] words = part.split("\\.");
        return words[0].equals("mid") ? "mid" : words[0] + "." + words[1];
    }

    private static double errorPerParameter(UnetContribution c) {
        return c.epsilonError() / Math.max(1, c.parametersSaved());
    }

    private static long saved(List<UnetContribution> parts) {
        return parts.stream().mapToLong(UnetContribution::parametersSaved).sum();
    }
}
