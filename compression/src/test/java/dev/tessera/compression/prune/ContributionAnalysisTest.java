package dev.tessera.compression.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContributionAnalysisTest {

    private static final AcditConfig WHOLE = AcditFixtures.tiny(16, 4, 2).withDepth(3);

    @Test
    void aBranchWhoseGateIsClosedContributesNothingAndEveryOtherPartSomething() {
        int width = WHOLE.width();
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(WHOLE, 41, m)) {
            // Close the last layer's attention gate (adaLN rows [2w, 3w)): its attention adds nothing.
            for (String suffix : new String[] {".weight", ".bias"}) {
                model.parameters().get("layers.2.adaln" + suffix).set(new NDIndex("{}:{}", 2 * width, 3 * width), 0);
            }
            EpsilonError error = new EpsilonError(CalibrationSet.draw(AcditFixtures.fixedImages(8, 16, 8),
                    WHOLE.layout(), 8, 1), model);
            List<Contribution> heard = new ArrayList<>();
            List<Contribution> contributions = ContributionAnalysis.measure(model, error, heard::add);
            assertEquals(contributions, heard);
            assertEquals(ContributionAnalysis.candidates(WHOLE), contributions.stream().map(Contribution::part).toList());
            Map<RemovedPart, Contribution> byPart = contributions.stream()
                    .collect(Collectors.toMap(Contribution::part, c -> c));
            assertEquals(0, byPart.get(new RemovedPart(2, LayerPart.ATTENTION)).epsilonError(), 1e-12);
            contributions.stream().filter(c -> !c.part().equals(new RemovedPart(2, LayerPart.ATTENTION)))
                    .forEach(c -> assertTrue(c.epsilonError() > 1e-8, c.toString()));
            long whole = ParameterCount.of(WHOLE);
            for (Contribution c : contributions) {
                assertEquals(whole - ParameterCount.of(WHOLE.withRemoved(List.of(c.part()))), c.parametersSaved(), c.toString());
            }
        }
    }

    @Test
    void aConstantAdalnAtTheMeanConditionBeatsItsBiasAlone() {
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(WHOLE, 42, m)) {
            CalibrationSet calibration = CalibrationSet.draw(AcditFixtures.fixedImages(8, 16, 8), WHOLE.layout(), 8, 2);
            EpsilonError error = new EpsilonError(calibration, model);
            AcditConfig pruned = WHOLE.withRemoved(List.of(new RemovedPart(1, LayerPart.ADALN)));
            try (AcditModel atMean = PrunedModels.prune(model, pruned, calibration, m);
                    AcditModel biasOnly = AcditModel.initialise(pruned, 0, m)) {
                biasOnly.copyWeightsFrom(model);
                assertTrue(error.of(atMean) < error.of(biasOnly), error.of(atMean) + " vs " + error.of(biasOnly));
            }
        }
    }
}
