package dev.tessera.compression.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class PruningPlanTest {

    private static final AcditConfig WHOLE = AcditFixtures.tiny(16, 4, 2).withDepth(4);

    /** Contributions with the given ε-error per part kind, the same in every layer. */
    private static List<Contribution> contributions(Map<LayerPart, Double> errors) {
        List<Contribution> out = new ArrayList<>();
        for (RemovedPart part : ContributionAnalysis.candidates(WHOLE)) {
            out.add(new Contribution(part, 0, errors.get(part.part())));
        }
        return out;
    }

    private static final List<Contribution> MLP_CHEAPEST = contributions(
            Map.of(LayerPart.LAYER, 1.0, LayerPart.ATTENTION, 0.3, LayerPart.MLP, 0.1, LayerPart.ADALN, 0.2));

    private static long saved(RemovedPart part) {
        return ParameterCount.of(WHOLE) - ParameterCount.of(WHOLE.withRemoved(List.of(part)));
    }

    @Test
    void laterLayersGoFirstAndTheCheapestPartThatIsEnoughEndsTheBudget() {
        double total = ParameterCount.of(WHOLE);
        long layer = saved(new RemovedPart(3, LayerPart.LAYER));
        // Layer 3 whole, then exactly what layer 2's MLP (the cheapest part) saves.
        PruningPlan plan = PruningPlan.toBudget(WHOLE, (layer + saved(new RemovedPart(2, LayerPart.MLP))) / total, MLP_CHEAPEST);
        assertEquals(List.of(new RemovedPart(2, LayerPart.MLP), new RemovedPart(3, LayerPart.LAYER)), plan.removed());
        assertEquals(ParameterCount.of(plan.pruned()), plan.parametersAfter());
        assertTrue(plan.removedFraction() >= (layer + saved(new RemovedPart(2, LayerPart.MLP))) / total);
        PruningPlan twoLayers = PruningPlan.toBudget(WHOLE, 2 * layer / total, MLP_CHEAPEST);
        assertEquals(List.of(new RemovedPart(2, LayerPart.LAYER), new RemovedPart(3, LayerPart.LAYER)), twoLayers.removed());
    }

    @Test
    void aDearerPartIsTakenWhenTheCheapestIsNotEnoughAndSeveralWhenNoneIs() {
        double total = ParameterCount.of(WHOLE);
        long mlp = saved(new RemovedPart(3, LayerPart.MLP));
        long attention = saved(new RemovedPart(3, LayerPart.ATTENTION));
        long adaln = saved(new RemovedPart(3, LayerPart.ADALN));
        if (attention > mlp) {
            assertEquals(List.of(new RemovedPart(3, LayerPart.ATTENTION)),
                    PruningPlan.toBudget(WHOLE, (mlp + 1) / total, MLP_CHEAPEST).removed());
        }
        // More than any one part saves: the MLP (cheapest), then the adaLN (next cheapest).
        long most = Math.max(mlp, Math.max(attention, adaln));
        PruningPlan plan = PruningPlan.toBudget(WHOLE, (most + 1) / total, MLP_CHEAPEST);
        assertEquals(List.of(new RemovedPart(3, LayerPart.MLP), new RemovedPart(3, LayerPart.ADALN)), plan.removed());
        assertTrue(total - plan.parametersAfter() < saved(new RemovedPart(3, LayerPart.LAYER)), "the layer itself was not needed");
    }

    @Test
    void budgetsOutsideTheRangeAndBudgetsBeyondWhatIsPrunableAreRefused() {
        for (double budget : new double[] {0, -0.1, 0.95, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PruningPlan.toBudget(WHOLE, budget, MLP_CHEAPEST));
            assertTrue(e.getMessage().contains("(0, 0.9]"), e.getMessage());
        }
        // The tiny model's embeddings and output layer hold a fifth of its parameters, which no budget can reach.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PruningPlan.toBudget(WHOLE, 0.9, MLP_CHEAPEST));
        assertTrue(e.getMessage().startsWith("nothing more is prunable"), e.getMessage());
        AcditConfig pruned = WHOLE.withRemoved(List.of(new RemovedPart(3, LayerPart.LAYER)));
        assertThrows(IllegalArgumentException.class, () -> PruningPlan.toBudget(pruned, 0.2, MLP_CHEAPEST));
    }

    /** Contributions whose ε-error is {@code rate} × the parameters the part saves: {@code rate} is its error per parameter. */
    private static List<Contribution> perParameter(ToDoubleFunction<RemovedPart> rate) {
        List<Contribution> out = new ArrayList<>();
        for (RemovedPart part : ContributionAnalysis.candidates(WHOLE)) {
            out.add(new Contribution(part, 0, rate.applyAsDouble(part) * saved(part)));
        }
        return out;
    }

    private static final long ATTENTION = saved(new RemovedPart(1, LayerPart.ATTENTION));
    private static final long MLP = saved(new RemovedPart(1, LayerPart.MLP));

    @Test
    void theCheapestPlanTakesBranchesByErrorPerParameterAndNeverAnAdaln() {
        double total = ParameterCount.of(WHOLE);
        // Per parameter: layer 1's MLP, then layer 2's attention, then layer 3's MLP; every adaLN cheaper still,
        // layer 0 dearest, every other branch in between.
        Map<RemovedPart, Double> rates = Map.of(new RemovedPart(1, LayerPart.MLP), 1.0, new RemovedPart(2, LayerPart.ATTENTION), 2.0,
                new RemovedPart(3, LayerPart.MLP), 3.0);
        List<Contribution> contributions = perParameter(p -> p.part() == LayerPart.ADALN ? 0.01
                : p.layer() == 0 ? 100 : rates.getOrDefault(p, 10.0));
        // Two MLPs and an attention: no single branch completes it until the last, which the least harmful MLP does.
        double budget = (2 * MLP + ATTENTION - 1) / total;
        PruningPlan plan = PruningPlan.cheapestParts(WHOLE, budget, contributions);
        assertEquals(List.of(new RemovedPart(1, LayerPart.MLP), new RemovedPart(2, LayerPart.ATTENTION),
                new RemovedPart(3, LayerPart.MLP)), plan.removed());
        assertTrue(plan.removedFraction() >= budget, "the budget is met: " + plan.removedFraction());
        assertEquals(ParameterCount.of(plan.pruned()), plan.parametersAfter());
        assertEquals(1.0 * MLP + 2.0 * ATTENTION + 3.0 * MLP, plan.summedError(contributions), 1e-9);
        // The position plan spends the same budget on the last layer whole.
        assertTrue(PruningPlan.toBudget(WHOLE, budget, contributions).removed().contains(new RemovedPart(3, LayerPart.LAYER)));
    }

    @Test
    void aBranchThatCompletesTheBudgetAloneEndsThePlanTheLeastHarmfulFirst() {
        // The tiny model's attention and MLP save slightly different counts: call them the small and the big branch.
        LayerPart small = MLP < ATTENTION ? LayerPart.MLP : LayerPart.ATTENTION;
        LayerPart big = small == LayerPart.MLP ? LayerPart.ATTENTION : LayerPart.MLP;
        long fewer = Math.min(MLP, ATTENTION);
        assertTrue(Math.max(MLP, ATTENTION) > fewer + 2, "the branches differ: " + MLP + " vs " + ATTENTION);
        double total = ParameterCount.of(WHOLE);
        // Layer 3's small branch is cheapest per parameter but does not complete the budget; every big branch does,
        // and layer 2's harms least of them (in total, though dearer per parameter than layer 3's small branch).
        List<Contribution> contributions = perParameter(p -> p.equals(new RemovedPart(3, small)) ? 1.0
                : p.equals(new RemovedPart(2, big)) ? 1.5 : 10.0);
        PruningPlan plan = PruningPlan.cheapestParts(WHOLE, (fewer + 1) / total, contributions);
        assertEquals(List.of(new RemovedPart(2, big)), plan.removed());
    }

    @Test
    void theCheapestPlanNeverTakesLayerZeroWholeAndTwoBranchesOfALayerAreTheLayer() {
        double total = ParameterCount.of(WHOLE);
        // Layer 0's branches cheapest of all: it gives its attention, then the next cheapest, layer 2, goes whole.
        List<Contribution> contributions = perParameter(p -> p.layer() == 0 ? (p.part() == LayerPart.ATTENTION ? 0.1 : 0.2)
                : p.layer() == 2 ? 1.0 : 10.0);
        double budget = (2 * MLP + 2 * ATTENTION - 1) / total;
        PruningPlan plan = PruningPlan.cheapestParts(WHOLE, budget, contributions);
        assertTrue(plan.removed().contains(new RemovedPart(2, LayerPart.LAYER)), plan.removed().toString());
        assertEquals(List.of(new RemovedPart(0, LayerPart.ATTENTION)), plan.removed().stream().filter(p -> p.layer() == 0).toList());
        assertTrue(plan.removed().stream().noneMatch(p -> p.layer() == 0 && p.part() == LayerPart.LAYER));
        assertTrue(plan.removedFraction() >= budget);
        // Everything but layer 0's MLP: met; a budget beyond it is refused.
        double most = (total - ParameterCount.of(WHOLE.withRemoved(List.of(new RemovedPart(1, LayerPart.LAYER),
                new RemovedPart(2, LayerPart.LAYER), new RemovedPart(3, LayerPart.LAYER), new RemovedPart(0, LayerPart.ATTENTION))))
                - 0.5) / total;
        PruningPlan all = PruningPlan.cheapestParts(WHOLE, most, contributions);
        assertEquals(4, all.removed().size(), all.removed().toString());
        assertTrue(all.removed().stream().noneMatch(p -> p.layer() == 0 && p.part() == LayerPart.LAYER));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PruningPlan.cheapestParts(WHOLE, most + 0.01, contributions));
        assertTrue(e.getMessage().startsWith("nothing more is prunable"), e.getMessage());
    }

    @Test
    void theCheapestPlanRefusesWhatThePositionPlanRefuses() {
        for (double budget : new double[] {0, -0.1, 0.95, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PruningPlan.cheapestParts(WHOLE, budget, MLP_CHEAPEST));
            assertTrue(e.getMessage().contains("(0, 0.9]"), e.getMessage());
        }
        AcditConfig pruned = WHOLE.withRemoved(List.of(new RemovedPart(3, LayerPart.MLP)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningPlan.cheapestParts(pruned, 0.2, MLP_CHEAPEST))
                .getMessage().contains("already pruned"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PruningPlan.cheapestParts(WHOLE, 0.2, MLP_CHEAPEST.subList(0, 4)));
        assertTrue(missing.getMessage().contains("did not measure layer "), missing.getMessage());
        assertEquals(PlanKind.CHEAPEST, PlanKind.parse(" Cheapest", "--plan"));
        assertEquals("--plan must be one of position, cheapest, narrow, depth, was \"size\"",
                assertThrows(IllegalArgumentException.class, () -> PlanKind.parse("size", "--plan")).getMessage());
    }

    @Test
    void attentionAndMlpOfOneLayerBecomeTheWholeLayer() {
        assertEquals(List.of(new RemovedPart(1, LayerPart.LAYER), new RemovedPart(2, LayerPart.ADALN)),
                PruningPlan.normalised(List.of(new RemovedPart(1, LayerPart.ATTENTION), new RemovedPart(2, LayerPart.ADALN),
                        new RemovedPart(1, LayerPart.MLP), new RemovedPart(1, LayerPart.ADALN))));
    }

    /** Whole layers cost 0.05, 0.2, 0.1, 0.3 (layer 0 would be cheapest, but never goes); parts cost alike. */
    private static final AcditConfig WIDE = WHOLE.withMlpRatio(4);

    private static List<Contribution> layerCosts() {
        double[] layer = {0.05, 0.2, 0.1, 0.3};
        List<Contribution> out = new ArrayList<>();
        for (RemovedPart part : ContributionAnalysis.candidates(WIDE)) {
            out.add(new Contribution(part, 0, part.part() == LayerPart.LAYER ? layer[part.layer()] : 0.5));
        }
        return out;
    }

    @Test
    void theDepthPlanTakesTheCheapestWholeLayersThenNarrowsTheOtherMlpsJustEnough() {
        long total = ParameterCount.of(WIDE);
        long layer = total - ParameterCount.of(WIDE.withRemoved(List.of(new RemovedPart(2, LayerPart.LAYER))));
        // A layer and a bit: layer 2 (cheapest but for layer 0), then the widest MLPs that free the bit.
        double budget = (layer + layer / 10.0) / total;
        PruningPlan plan = PruningPlan.layersThenNarrow(WIDE, budget, layerCosts());
        assertEquals(List.of(new RemovedPart(2, LayerPart.LAYER)), plan.removed());
        AcditConfig shallower = WIDE.withRemoved(plan.removed());
        int ratio = plan.pruned().mlpRatio();
        assertTrue(ratio < 4 && total - ParameterCount.of(shallower.withMlpRatio(ratio)) >= Math.ceil(budget * total));
        assertTrue(total - ParameterCount.of(shallower.withMlpRatio(ratio + 1)) < Math.ceil(budget * total),
                "the widest narrowing that meets the budget");
        assertEquals(ParameterCount.of(plan.pruned()), plan.parametersAfter());
        assertTrue(plan.narrows());
        assertEquals(0, plan.firstChangedLayer());
        assertEquals("layer 2, every other layer's MLP narrowed to " + 32 * ratio + " hidden units", plan.describe());

        // Exactly two layers: the two cheapest, nothing narrowed.
        PruningPlan two = PruningPlan.layersThenNarrow(WIDE, 2.0 * layer / total, layerCosts());
        assertEquals(List.of(new RemovedPart(1, LayerPart.LAYER), new RemovedPart(2, LayerPart.LAYER)), two.removed());
        assertEquals(4, two.pruned().mlpRatio());
        assertFalse(two.narrows());
        assertEquals(1, two.firstChangedLayer());
        // Less than a layer, but more than narrowing every MLP to one unit per width frees: a layer goes after all.
        // (MLPs of twice the width: narrowing them frees less than a layer holds.)
        double narrowest = 1 - (double) ParameterCount.of(WHOLE.withMlpRatio(1)) / ParameterCount.of(WHOLE);
        assertTrue(narrowest < saved(new RemovedPart(2, LayerPart.LAYER)) / (double) ParameterCount.of(WHOLE));
        PruningPlan past = PruningPlan.layersThenNarrow(WHOLE, narrowest + 1e-3, layerCosts());
        assertEquals(List.of(new RemovedPart(2, LayerPart.LAYER)), past.removed());
        assertEquals(2, past.pruned().mlpRatio(), "the layer alone is enough");
        assertEquals(PlanKind.DEPTH, PlanKind.parse("depth", "--plan"));
        assertEquals(plan, PlanKind.DEPTH.plan(WIDE, budget, layerCosts()));
    }

    @Test
    void theDepthPlanSaysWhenEvenEveryLayerButTheFirstAndTheNarrowestMlpsAreNotEnough() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PruningPlan.layersThenNarrow(WIDE, 0.9, layerCosts()));
        assertTrue(e.getMessage().startsWith("nothing more is prunable: removing 90 % of the parameters needs more than"
                + " 3 whole layers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PruningPlan.layersThenNarrow(WIDE, 0, layerCosts()));
    }
}
