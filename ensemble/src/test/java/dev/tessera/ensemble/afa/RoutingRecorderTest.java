package dev.tessera.ensemble.afa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetFixtures;
import dev.tessera.ensemble.unet.UnetPredictor;
import dev.tessera.ensemble.unet.UnetSampler;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing recorder: what it records is the aggregator's weights, and recording leaves the pixels alone. */
class RoutingRecorderTest {

    @TempDir
    Path folder;

    private final UnetConfig config = UnetFixtures.tiny();
    /** Guidance and style contrast: every call is a batch of three branches. */
    private final AcditGuidance guidance = new AcditGuidance(2.0, 0.5);
    private final long[] seeds = {11, 12};
    private static final int STEPS = 5;

    @Test
    void recordingDoesNotChangeThePixelsAndTheWeightsSumToOneAtEveryPixel() throws Exception {
        List<Path> experts = AfaFixtures.expertFiles(folder, config, 2, 90);
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(experts, new AggregatorConfig(8), 5, manager)) {
            AfaFixtures.perturb(ensemble.aggregatorParameters(), 2, 0.5);
            List<float[]> plain = sample(ensemble.network(), ensemble);
            RoutingRecorder recorder = new RoutingRecorder(ensemble, seeds.length);
            List<float[]> recorded = sample(recorder.predictor(), ensemble);
            for (int i = 0; i < seeds.length; i++) {
                assertArrayEquals(plain.get(i), recorded.get(i), 0f, "image " + i + ": the recorder changed the pixels");
            }
            RoutingTrace trace = recorder.trace();
            assertEquals(List.of("expert-0", "expert-1"), trace.experts());
            assertEquals(ensemble.aggregator().points(), trace.points().size());
            assertEquals(STEPS, trace.steps().size(), "DPM-Solver++(2M) calls the model once a step");
            boolean notEqual = false;
            for (int s = 0; s < STEPS; s++) {
                RoutingTrace.Step step = trace.steps().get(s);
                if (s > 0) {
                    assertTrue(step.timestep() < trace.steps().get(s - 1).timestep(), "timesteps fall");
                }
                for (int k = 0; k < trace.points().size(); k++) {
                    RoutingTrace.PointMap map = step.maps().get(k);
                    assertEquals(seeds.length, map.images());
                    assertTrue(List.of(16, 8).contains(map.size()), "the tiny U-Net works at 16 and 8 px: " + map.size());
                    for (int i = 0; i < map.images(); i++) {
                        for (int y = 0; y < map.size(); y++) {
                            for (int x = 0; x < map.size(); x++) {
                                float[] w = map.pixel(i, y, x);
                                assertEquals(1.0, w[0] + w[1], 1e-6, "point " + k + " step " + s + " pixel " + y + "," + x);
                                notEqual |= Math.abs(w[0] - 0.5f) > 1e-3;
                            }
                        }
                    }
                }
            }
            assertTrue(notEqual, "a perturbed aggregator does not weigh every pixel equally");
        }
    }

    @Test
    void aZeroInitialisedAggregatorGivesEveryExpertOneHalfAndEntropyLnTwo() throws Exception {
        List<Path> experts = AfaFixtures.expertFiles(folder, config, 2, 70);
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(experts, new AggregatorConfig(8), 5, manager)) {
            RoutingRecorder recorder = new RoutingRecorder(ensemble, seeds.length);
            sample(recorder.predictor(), ensemble);
            RoutingTrace trace = recorder.trace();
            for (RoutingTrace.Step step : trace.steps()) {
                for (RoutingTrace.PointMap map : step.maps()) {
                    for (float w : map.weights()) {
                        assertEquals(0.5f, w, 0f, "zero logits: exactly 1/2");
                    }
                }
            }
            RoutingSummary summary = RoutingSummary.of(List.of(trace.image(0), trace.image(1)),
                    RoutingSummary.bands(LinearNoiseSchedule.ddpm().trainSteps(), 3));
            for (RoutingSummary.Row row : summary.rows()) {
                if (!Double.isNaN(row.meanEntropy())) {
                    assertArrayEquals(new double[] {0.5, 0.5}, row.meanWeights(), 0, row.point() + " " + row.bandLabel());
                    assertEquals(Math.log(2), row.meanEntropy(), 1e-12, row.point() + " " + row.bandLabel());
                }
            }
            assertEquals(Math.log(2), summary.union().meanEntropy(), 1e-12);
        }
    }

    private List<float[]> sample(UnetPredictor predictor, AfaEnsemble ensemble) {
        List<AcditCondition> conditions = UnetFixtures.conditions(config, seeds.length);
        return new UnetSampler(predictor, ensemble.manager(), SamplerKind.defaultKind().create(LinearNoiseSchedule.ddpm()))
                .sample(conditions, seeds, guidance, SamplingOptions.steps(STEPS));
    }
}
