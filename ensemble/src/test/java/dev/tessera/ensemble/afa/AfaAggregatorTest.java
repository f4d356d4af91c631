package dev.tessera.ensemble.afa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetFixtures;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetNetwork;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.random.NoiseSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aggregator at every point: a fresh one averages, a trained one gives weights that sum to one. */
class AfaAggregatorTest {

    @TempDir
    Path folder;

    @Test
    void aFreshAggregatorIsExactlyFeatureAveragingAtEveryPoint() throws Exception {
        UnetConfig config = UnetFixtures.tiny();
        for (int count : new int[] {2, 3}) {
            List<Path> files = AfaFixtures.expertFiles(folder.resolve("n" + count), config, count, 40);
            try (NDManager manager = OfflineEngine.newManager();
                    AfaEnsemble ensemble = AfaEnsemble.assemble(files, new AggregatorConfig(8), 5, manager)) {
                AfaFixtures.Recording recording = new AfaFixtures.Recording(ensemble.aggregator());
                NDArray eps = new EnsembleNetwork(networks(ensemble), recording).forward(noisy(manager, config, 2),
                        manager.create(new float[] {40, 800}), UnetFixtures.conditions(config, 2));
                assertEquals(config.pointWidths().size(), recording.seen.size(), "one mix per aggregation point");
                for (AfaFixtures.Seen seen : recording.seen) {
                    float[] average = handAverage(seen.features());
                    // With two experts the weights are exactly 1/2 and the sum is exact; 1/3 rounds (relative 1e-6).
                    assertArrayEquals(average, seen.mixed(), count == 2 ? 0f : 1e-6f * (1 + maxAbs(average)),
                            "point " + seen.point() + " of " + count + " experts");
                    assertTrue(differ(seen.features().get(0), seen.features().get(1)),
                            "the experts' features at point " + seen.point() + " differ, so averaging is tested");
                }
                assertArrayEquals(recording.seen.get(recording.seen.size() - 1).mixed(), eps.toFloatArray(), 0f);
                NDArray averaged = EnsembleNetwork.featureAveraging(networks(ensemble)).forward(noisy(manager, config, 2),
                        manager.create(new float[] {40, 800}), UnetFixtures.conditions(config, 2));
                assertArrayEquals(averaged.toFloatArray(), eps.toFloatArray(), count == 2 ? 0f : 1e-5f * (1 + maxAbs(eps.toFloatArray())));
            }
        }
    }

    @Test
    void weightsSumToOneAtEveryPixelAndMixTheFeaturesForRandomAggregatorWeights() throws Exception {
        UnetConfig config = UnetFixtures.tiny();
        List<Path> files = AfaFixtures.expertFiles(folder, config, 3, 50);
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(files, new AggregatorConfig(8), 5, manager)) {
            AfaFixtures.perturb(ensemble.aggregatorParameters(), 9, 0.5);
            AfaFixtures.Recording recording = new AfaFixtures.Recording(ensemble.aggregator());
            new EnsembleNetwork(networks(ensemble), recording).forward(noisy(manager, config, 2),
                    manager.create(new float[] {100, 600}), UnetFixtures.conditions(config, 2));
            for (AfaFixtures.Seen seen : recording.seen) {
                NDArray weights = ensemble.aggregator().weights(seen.point(), seen.arrays(), seen.conditioningArray());
                Shape shape = weights.getShape();
                assertEquals(3, shape.get(1), "one weight per expert");
                float[] sums = weights.sum(new int[] {1}).toFloatArray();
                for (float sum : sums) {
                    assertEquals(1f, sum, 1e-5f, "weights at point " + seen.point());
                }
                float[] w = weights.toFloatArray();
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (float v : w) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                assertTrue(max - min > 0.05f, "the weights are not uniform at point " + seen.point());
                assertArrayEquals(handWeightedSum(seen.features(), w, shape), seen.mixed(), 1e-5f,
                        "mixed = Σ w_i f_i at point " + seen.point());
            }
            // The routing statistics mix exactly as the aggregator does and average its weights per expert.
            RoutingStatistics routing = new RoutingStatistics(ensemble.aggregator());
            NDArray routed = new EnsembleNetwork(networks(ensemble), routing).forward(noisy(manager, config, 2),
                    manager.create(new float[] {100, 600}), UnetFixtures.conditions(config, 2));
            assertArrayEquals(recording.seen.get(recording.seen.size() - 1).mixed(), routed.toFloatArray(), 0f);
            for (AfaFixtures.Seen seen : recording.seen) {
                NDArray w = ensemble.aggregator().weights(seen.point(), seen.arrays(), seen.conditioningArray());
                float[] expected = w.transpose(1, 0, 2, 3).reshape(3, -1).mean(new int[] {1}).toFloatArray();
                double[] means = routing.meanWeights(seen.point());
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], means[i], 1e-5, "expert " + i + " at point " + seen.point());
                }
            }
        }
    }

    @Test
    void theExpertsAggregatorHasAPointAfterConvInEachStageAndEps() {
        UnetConfig experts = UnetFixtures.expert();
        try (NDManager manager = OfflineEngine.newManager();
                dev.tessera.generation.nn.ParameterStore store = dev.tessera.generation.nn.ParameterStore.create(manager)) {
            Aggregator aggregator = new Aggregator(experts, 2, new AggregatorConfig(32), store,
                    new dev.tessera.generation.nn.ParameterInit(1));
            // conv_in, 3 + 3 + 2 down stages, the middle, 4 + 4 + 3 up stages, ε.
            assertEquals(22, aggregator.points());
            try (UnetModel one = UnetModel.initialise(experts, 1, manager)) {
                assertEquals(one.network().aggregationPoints(), aggregator.points());
            }
            // Per point of C channels: norm 2·2C, in 2C·32 + 32, FiLM 128·64 + 64, logits 32·2 + 2.
            long expected = 0;
            for (int c : experts.pointWidths()) {
                expected += 4L * c + 2L * c * 32 + 32 + 128 * 64 + 64 + 64 + 2;
            }
            assertEquals(expected, store.elementCount());
            assertEquals(260_152, store.elementCount());
        }
    }

    static List<UnetNetwork> networks(AfaEnsemble ensemble) {
        return ensemble.experts().stream().map(UnetModel::network).toList();
    }

    static NDArray noisy(NDManager manager, UnetConfig config, int items) {
        int floats = items * config.imageFloats();
        return manager.create(NoiseSource.of(3).stream(0).gaussian(floats),
                new Shape(items, UnetConfig.CHANNELS, config.imageSize(), config.imageSize()));
    }

    private static float[] handAverage(List<float[]> features) {
        float[] sum = features.get(0).clone();
        for (int i = 1; i < features.size(); i++) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] += features.get(i)[j];
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= features.size();
        }
        return sum;
    }

    /** Σ_i w[b, i, y, x] · f_i[b, c, y, x] with weights [B, N, H, W] and features [B, C, H, W]. */
    private static float[] handWeightedSum(List<float[]> features, float[] weights, Shape weightShape) {
        int batch = (int) weightShape.get(0);
        int experts = (int) weightShape.get(1);
        int pixels = (int) (weightShape.get(2) * weightShape.get(3));
        int channels = features.get(0).length / (batch * pixels);
        float[] out = new float[features.get(0).length];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < pixels; p++) {
                    int at = (b * channels + c) * pixels + p;
                    for (int i = 0; i < experts; i++) {
                        out[at] += weights[(b * experts + i) * pixels + p] * features.get(i)[at];
                    }
                }
            }
        }
        return out;
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static boolean differ(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4f) {
                return true;
            }
        }
        return false;
    }
}
