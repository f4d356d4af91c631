package dev.tessera.compression.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Test
    void attentionAndMlpOfOneLayerBecomeTheWholeLayer() {
        assertEquals(List.of(new RemovedPart(1, LayerPart.LAYER), new RemovedPart(2, LayerPart.ADALN)),
                PruningPlan.normalised(List.of(new RemovedPart(1, LayerPart.ATTENTION), new RemovedPart(2, LayerPart.ADALN),
                        new RemovedPart(1, LayerPart.MLP), new RemovedPart(1, LayerPart.ADALN))));
    }
}
