package dev.tessera.ensemble.afa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetFixtures;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AFA twin (training/afa.py, PyTorch) computes what this code computes. Its fixtures, written by
 * {@code python3 -m training.parity --only afa --out ensemble/src/test/resources/parity} (or
 * training/scripts/afa-parity.sh), hold two small U-Net experts with every weight random, an ensemble file the
 * twin wrote naming them (relative paths, SHA-256) with a random aggregator (its zero-initialised logits too), and
 * one batch with kept and dropped conditions, with the twin's ε of the ensemble and its loss; both must match here
 * in FP32 to 1e-4. Until the fixtures are written on a machine with PyTorch, the tests are skipped, saying so.
 */
class AfaTwinParityTest {

    private static final Path FIXTURES = Path.of("ensemble/src/test/resources/parity");
    private static final Path ENSEMBLE = FIXTURES.resolve("afa-twin-ensemble.safetensors");
    private static final Path CASE = FIXTURES.resolve("afa-twin-case.safetensors");
    private static final List<String> EXPERTS = List.of("afa-twin-expert-0.safetensors",
            "afa-twin-expert-1.safetensors");
    private static final int WIDTH = 8;
    private static final double TOLERANCE = 1e-4;

    @BeforeEach
    void fixturesExist() {
        boolean present = Files.exists(ENSEMBLE) && Files.exists(CASE)
                && EXPERTS.stream().allMatch(e -> Files.exists(FIXTURES.resolve(e)));
        assumeTrue(present, "no AFA parity fixtures in " + FIXTURES + " yet: write them where PyTorch runs with"
                + " training/scripts/afa-parity.sh (docs/ensemble.md)");
    }

    /** parity.py's AFA_EXPERT_CONFIG: the parity U-Net's geometry at 8 channels. */
    static UnetConfig expertConfig() {
        return new UnetConfig(32, 8, List.of(1, 2, 2), 1, List.of(8), 4, 2, 384,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    }

    @Test
    void theTwinsEnsembleFileNamesItsExpertsAndHasTheJavaAggregatorsTensors() throws Exception {
        EnsembleConfig config = AfaEnsemble.checkHeader(ENSEMBLE);
        assertEquals(expertConfig(), config.architecture());
        assertEquals(EXPERTS, config.experts().stream().map(ExpertReference::file).toList());
        assertEquals(new AggregatorConfig(WIDTH), config.aggregator());
        List<String> fileNames = SafetensorsReader.readHeader(ENSEMBLE).tensors().keySet().stream().sorted().toList();
        try (NDManager manager = OfflineEngine.newManager(); ParameterStore store = ParameterStore.create(manager)) {
            new Aggregator(expertConfig(), EXPERTS.size(), config.aggregator(), store, new ParameterInit(1));
            assertEquals(store.names().stream().sorted().toList(), fileNames);
        }
        try (NDManager manager = OfflineEngine.newManager(); AfaEnsemble ensemble = AfaEnsemble.load(ENSEMBLE, manager)) {
            assertTrue(ensemble.provenance() != null, "the twin's ensemble file carries provenance");
        }
    }

    @Test
    void theJavaEnsemblePredictsTheTwinsNoise() throws Exception {
        Map<String, TensorData> batch = SafetensorsReader.read(CASE).tensorsByName();
        try (NDManager manager = OfflineEngine.newManager(); AfaEnsemble ensemble = AfaEnsemble.load(ENSEMBLE, manager)) {
            UnetFixtures.assertPredictsTheTwinsNoise(ensemble.network(), batch, conditions(batch, ensemble), manager, TOLERANCE, 0.3);
        }
    }

    @Test
    void theJavaLossEqualsTheTwinsOnTheSameDraws() throws Exception {
        Map<String, TensorData> batch = SafetensorsReader.read(CASE).tensorsByName();
        try (NDManager manager = OfflineEngine.newManager(); AfaEnsemble ensemble = AfaEnsemble.load(ENSEMBLE, manager)) {
            UnetFixtures.assertLossEqualsTheTwins(ensemble.network(), batch, conditions(batch, ensemble), manager, TOLERANCE);
        }
    }

    private static List<AcditCondition> conditions(Map<String, TensorData> batch, AfaEnsemble ensemble) {
        return AcditFixtures.parityConditions(batch, ensemble.architecture().styles());
    }
}
