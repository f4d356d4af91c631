package dev.tessera.generation.acdit.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.tessera.generation.modelfile.TensorArrays.floats;
import static dev.tessera.generation.modelfile.TensorArrays.ints;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.AcditNetwork;
import dev.tessera.generation.acdit.model.SkipCausalBias;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.train.EpochBatchSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GPU twin (training/, PyTorch) computes what this code computes. Its fixtures, written by
 * {@code python3 -m training.parity}, hold a small model of the real architecture with every weight random
 * (adaLN and output head too) and one batch with the twin's ε prediction and loss; both must match here
 * in FP32 to 1e-4. The same holds for a tiny video model (frames in blocks, 3-D RoPE, frame positions). A
 * model trained by the twin is only as good as this match.
 */
class AcditTwinParityTest {

    private static final Path FIXTURES = Path.of("generation/src/test/resources/parity");
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"acdit-twin", "acdit-video-twin", "acdit-pruned-twin"})
    void theJavaForwardPassPredictsTheTwinsNoise(String fixture) throws Exception {
        Map<String, TensorData> batch = batch(fixture);
        try (NDManager manager = OfflineEngine.newManager(); AcditModel model = twinModel(manager, fixture)) {
            AcditConfig config = model.config();
            int blocks = config.layout().blockCount();
            int items = shape(batch, "timesteps")[0];
            Shape tokens = new Shape(items, config.layout().tokenCount(), config.patchFloats());
            float[] times = new float[items * blocks];
            int[] t = ints(batch.get("timesteps"));
            for (int i = 0; i < t.length; i++) {
                times[i] = t[i];
            }
            SkipCausalBias bias = SkipCausalBias.of(manager, blocks, config.layout().tokensPerBlock());
            NDArray predicted = model.network().forward(new AcditNetwork.Inputs(
                    manager.create(floats(batch.get("noisy")), tokens), 0, manager.create(times, new Shape(items, blocks)),
                    conditions(batch, config), manager.create(floats(batch.get("clean")), tokens), 0, null,
                    bias.cleanRows(), bias.noisyRows())).noise();
            float[] expected = floats(batch.get("expected_noise"));
            float[] actual = predicted.toFloatArray();
            assertEquals(expected.length, actual.length);
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(worst <= TOLERANCE, "largest difference from the twin's ε: " + worst);
            assertTrue(rms(expected) > 0.5, "the fixture's ε must be far from zero to prove anything, rms " + rms(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"acdit-twin", "acdit-video-twin", "acdit-pruned-twin"})
    void theJavaLossEqualsTheTwinsOnTheSameDraws(String fixture) throws Exception {
        Map<String, TensorData> batch = batch(fixture);
        try (NDManager manager = OfflineEngine.newManager(); AcditModel model = twinModel(manager, fixture)) {
            AcditLoss loss = new AcditLoss(model.network(), AcditFixtures.fixedImages(1, 32, model.config().promptDim()), LinearNoiseSchedule.ddpm(), 1,
                    new EpochBatchSampler(0, 1));
            float actual = loss.weightedLoss(manager, floats(batch.get("clean")), floats(batch.get("noise")),
                    ints(batch.get("timesteps")), conditions(batch, model.config())).getFloat();
            float expected = floats(batch.get("expected_loss"))[0];
            assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), "loss");
        }
    }

    @Test
    void theTwinsModelFileHasTheRealArchitecturesParameterNames() throws Exception {
        try (NDManager manager = OfflineEngine.newManager(); AcditModel twin = twinModel(manager, "acdit-twin");
                AcditModel video = twinModel(manager, "acdit-video-twin");
                AcditModel shipped = AcditModel.load(Path.of("assets/models/acdit-default.safetensors"), manager)) {
            AcditConfig config = twin.config();
            assertEquals(List.of(32, 4, 4, 384), List.of(config.imageSize(), config.patchSize(), config.blockSide(),
                    config.promptDim()), "the fixture is the shipped model's geometry, only narrower and shallower");
            List<String> expected = new ArrayList<>(shipped.parameters().names());
            expected.removeIf(name -> name.startsWith("layers.") && Integer.parseInt(name.split("\\.")[1]) >= config.depth());
            assertEquals(expected.stream().sorted().toList(), twin.parameters().names().stream().sorted().toList());
            // A video model is the same network: a frame axis adds no parameter.
            assertEquals(List.of(4, 2), List.of(video.config().frames(), video.config().framesPerBlock()));
            assertEquals(twin.parameters().names().stream().sorted().toList(),
                    video.parameters().names().stream().sorted().toList());
        }
    }

    private static AcditModel twinModel(NDManager manager, String fixture) throws Exception {
        return AcditModel.load(FIXTURES.resolve(fixture + "-model.safetensors"), manager);
    }

    private static Map<String, TensorData> batch(String fixture) throws Exception {
        SafetensorsFile file = SafetensorsReader.read(FIXTURES.resolve(fixture + "-case.safetensors"));
        return file.tensorsByName();
    }

    private static List<AcditCondition> conditions(Map<String, TensorData> batch, AcditConfig config) {
        return AcditFixtures.parityConditions(batch, config.styles());
    }

    private static int[] shape(Map<String, TensorData> batch, String name) {
        long[] shape = batch.get(name).shape();
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = Math.toIntExact(shape[i]);
        }
        return out;
    }

    private static double rms(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / values.length);
    }
}
