package dev.tessera.ensemble.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.acdit.model.AcditFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The U-Net twin (training/unet.py, PyTorch) computes what this code computes. Its fixtures, written by
 * {@code python3 -m training.parity --only unet --out ensemble/src/test/resources/parity} (or
 * training/scripts/unet-parity.sh), hold a U-Net of the experts' geometry with every weight random (the
 * zero-initialised conv2, proj and conv_out too) and one batch with kept and dropped conditions, with the twin's
 * ε and loss; both must match here in FP32 to 1e-4. Until the fixtures are written on a machine with PyTorch,
 * the tests are skipped, saying so.
 */
class UnetTwinParityTest {

    private static final Path FIXTURES = Path.of("ensemble/src/test/resources/parity");
    private static final Path MODEL = FIXTURES.resolve("unet-twin-model.safetensors");
    private static final Path CASE = FIXTURES.resolve("unet-twin-case.safetensors");
    private static final double TOLERANCE = 1e-4;

    @BeforeEach
    void fixturesExist() {
        assumeTrue(Files.exists(MODEL) && Files.exists(CASE), "no U-Net parity fixtures in " + FIXTURES
                + " yet: write them where PyTorch runs with training/scripts/unet-parity.sh (docs/ensemble.md)");
    }

    @Test
    void theTwinsFileIsAUnetOfTheExpertsGeometryWithJavasParameterNames() throws Exception {
        try (NDManager manager = OfflineEngine.newManager(); UnetModel twin = UnetModel.load(MODEL, manager);
                UnetModel java = UnetModel.initialise(UnetFixtures.parityFixture(), 1, manager)) {
            assertEquals(UnetFixtures.parityFixture(), twin.config());
            assertEquals(java.parameters().names().stream().sorted().toList(),
                    twin.parameters().names().stream().sorted().toList());
        }
    }

    @Test
    void theJavaForwardPassPredictsTheTwinsNoise() throws Exception {
        Map<String, TensorData> batch = SafetensorsReader.read(CASE).tensorsByName();
        try (NDManager manager = OfflineEngine.newManager(); UnetModel model = UnetModel.load(MODEL, manager)) {
            UnetFixtures.assertPredictsTheTwinsNoise(model.network(), batch, conditions(batch, model.config()), manager, TOLERANCE, 0.5);
        }
    }

    @Test
    void theJavaLossEqualsTheTwinsOnTheSameDraws() throws Exception {
        Map<String, TensorData> batch = SafetensorsReader.read(CASE).tensorsByName();
        try (NDManager manager = OfflineEngine.newManager(); UnetModel model = UnetModel.load(MODEL, manager)) {
            UnetFixtures.assertLossEqualsTheTwins(model.network(), batch, conditions(batch, model.config()), manager, TOLERANCE);
        }
    }

    private static List<AcditCondition> conditions(Map<String, TensorData> batch, UnetConfig config) {
        return AcditFixtures.parityConditions(batch, config.styles());
    }
}
