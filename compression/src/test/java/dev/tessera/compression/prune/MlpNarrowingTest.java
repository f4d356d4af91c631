package dev.tessera.compression.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlpNarrowingTest {

    /** Width 32, MLPs of 4 × 32 hidden units, three layers. */
    private static final AcditConfig WHOLE = AcditFixtures.tiny(16, 4, 2).withDepth(3).withMlpRatio(4);

    /** The fraction of the parameters that MLPs of {@code ratio} × width hidden units free. */
    private static double freedBy(int ratio) {
        return 1 - (double) ParameterCount.of(WHOLE.withMlpRatio(ratio)) / ParameterCount.of(WHOLE);
    }

    /** In every layer, silences half the MLP's units (a different half each layer) by zeroing what they write. */
    private static void silenceHalfTheUnits(AcditModel whole, int stride) {
        int hidden = 4 * WHOLE.width();
        for (int layer = 0; layer < WHOLE.depth(); layer++) {
            for (int unit = 0; unit < hidden; unit++) {
                if ((unit * stride + layer) % 4 < 2) {
                    whole.parameters().get("layers." + layer + ".mlp.fc2.weight").set(new NDIndex(":, {}", unit), 0);
                }
            }
        }
    }

    @Test
    void theStrongestUnitsAreKeptInTheirOrderAndTiesGoToTheFirst() {
        int width = 2;
        int hidden = 5;
        // fc1 rows (unit × input) and fc2 columns (output × unit): unit strengths 0, 2, 8, 2, 6.
        float[] fc1 = {0, 0, 1, 1, 2, 2, 1, 1, 3, 0};
        float[] fc2 = {
            1, 1, 2, 1, 2,
            0, 1, 2, 1, 0};
        assertArrayEquals(new int[] {2, 4}, MlpNarrowing.strongestUnits(fc1, fc2, hidden, width, 2));
        assertArrayEquals(new int[] {1, 2, 4}, MlpNarrowing.strongestUnits(fc1, fc2, hidden, width, 3));
    }

    @Test
    void unitsThatPassNothingOnAreTheOnesDroppedSoTheNarrowedModelComputesTheSameFunction() {
        try (NDManager m = OfflineEngine.newManager(); AcditModel whole = AcditFixtures.perturbed(WHOLE, 71, m)) {
            silenceHalfTheUnits(whole, 7);
            CalibrationSet calibration = CalibrationSet.draw(AcditFixtures.fixedImages(8, 16, 8), WHOLE.layout(), 8, 3);
            EpsilonError error = new EpsilonError(calibration, whole);
            PruningPlan plan = PruningPlan.narrowMlps(WHOLE, freedBy(2));
            assertEquals(2, plan.pruned().mlpRatio());
            try (AcditModel narrowed = PrunedModels.prune(whole, plan.pruned(), calibration, m)) {
                assertEquals(plan.parametersAfter(), narrowed.parameters().elementCount());
                assertEquals(0, error.of(narrowed), 1e-10);
                // Keeping the silent half instead loses every MLP: the selection is what made the error vanish.
                try (AcditModel weakest = AcditModel.initialise(plan.pruned(), 0, m)) {
                    MlpNarrowing.copy(whole, weakest);
                    for (int layer = 0; layer < WHOLE.depth(); layer++) {
                        weakest.parameters().get("layers." + layer + ".mlp.fc2.weight").set(new NDIndex("..."), 0);
                    }
                    assertTrue(error.of(weakest) > 1e-4, "MLPs matter in this model: " + error.of(weakest));
                }
            }
        }
    }

    @Test
    void aLayerRemovedAndTheOtherMlpsNarrowedKeepsWhatTheLayerRemovalAloneKeepsWhenTheDroppedUnitsAreSilent() {
        try (NDManager m = OfflineEngine.newManager(); AcditModel whole = AcditFixtures.perturbed(WHOLE, 73, m)) {
            silenceHalfTheUnits(whole, 5);
            CalibrationSet calibration = CalibrationSet.draw(AcditFixtures.fixedImages(8, 16, 8), WHOLE.layout(), 8, 3);
            EpsilonError error = new EpsilonError(calibration, whole);
            List<RemovedPart> layerOne = List.of(new RemovedPart(1, LayerPart.LAYER));
            try (AcditModel shallower = PrunedModels.prune(whole, WHOLE.withRemoved(layerOne), calibration, m);
                    AcditModel both = PrunedModels.prune(whole, WHOLE.withRemoved(layerOne).withMlpRatio(2), calibration, m)) {
                assertEquals(ParameterCount.of(WHOLE.withRemoved(layerOne).withMlpRatio(2)), both.parameters().elementCount());
                double alone = error.of(shallower);
                assertTrue(alone > 1e-6, "removing layer 1 changes the model: " + alone);
                assertEquals(alone, error.of(both), 1e-9);
                assertArrayEquals(whole.parameters().get("layers.2.attn.qkv.weight").toFloatArray(),
                        both.parameters().get("layers.2.attn.qkv.weight").toFloatArray());
            }
        }
    }

    @Test
    void theNarrowPlanTakesTheWidestMlpThatMeetsTheBudgetAndSaysWhenNoneDoes() {
        long total = ParameterCount.of(WHOLE);
        assertEquals(2, PruningPlan.narrowMlps(WHOLE, freedBy(3) + 1e-6).pruned().mlpRatio());
        PruningPlan small = PruningPlan.narrowMlps(WHOLE, freedBy(3));
        assertEquals(3, small.pruned().mlpRatio());
        assertEquals(freedBy(3), small.removedFraction(), 1e-12);
        assertTrue(small.narrows());
        assertEquals(0, small.firstChangedLayer());
        assertEquals(List.of(), small.removed());
        assertEquals("every layer's MLP narrowed to 96 hidden units", small.describe());
        assertEquals(total - ParameterCount.of(WHOLE.withMlpRatio(3)), total - small.parametersAfter());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PruningPlan.narrowMlps(WHOLE, freedBy(1) + 1e-6));
        assertTrue(e.getMessage().startsWith("nothing more is prunable by narrowing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PruningPlan.narrowMlps(WHOLE, 0));
        assertEquals(PlanKind.NARROW, PlanKind.parse(" Narrow ", "--plan"));
    }
}
