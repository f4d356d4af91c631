package dev.tessera.ensemble.afa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetFixtures;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.engine.OfflineEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AfaLossComparisonTest {

    @TempDir
    Path folder;

    @Test
    void everyPredictorIsScoredOnTheSameBatchesAndAFreshAggregatorScoresAsFeatureAveraging() throws Exception {
        List<Path> experts = AfaFixtures.expertFiles(folder, UnetFixtures.tiny(), 2, 110);
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(experts, new AggregatorConfig(8), 5, manager)) {
            EnsembleLossComparison.Result result = EnsembleLossComparison.compare(ensemble,
                    AcditFixtures.fixedImages(8, 16, 8), 2, 4, 3);
            List<EnsembleLossComparison.Row> rows = result.losses();
            assertEquals(List.of("expert expert-0.safetensors", "expert expert-1.safetensors", "ε averaging",
                    "feature averaging", "AFA", "parameter averaging"),
                    rows.stream().map(EnsembleLossComparison.Row::predictor).toList());
            Map<String, Double> loss = rows.stream()
                    .collect(Collectors.toMap(EnsembleLossComparison.Row::predictor, EnsembleLossComparison.Row::loss));
            assertEquals(loss.get("feature averaging"), loss.get("AFA"), "zero logits: AFA is feature averaging");
            assertNotEquals(loss.get("expert expert-0.safetensors"), loss.get("expert expert-1.safetensors"));
            assertEquals(rows, EnsembleLossComparison.compare(ensemble, AcditFixtures.fixedImages(8, 16, 8), 2, 4, 3)
                    .losses(), "the same seed draws the same batches");
            // A fresh aggregator routes 1/2 : 1/2 everywhere; the points are named in the order of the pass.
            assertEquals(UnetFixtures.tiny().pointWidths().size(), result.routing().size());
            assertEquals("conv_in", result.routing().get(0).point());
            assertEquals("down 1", result.routing().get(1).point());
            assertEquals("eps", result.routing().get(result.routing().size() - 1).point());
            for (EnsembleLossComparison.PointRouting point : result.routing()) {
                assertArrayEquals(new double[] {0.5, 0.5}, point.meanWeights(), 1e-9, point.point());
            }
        }
    }
}
