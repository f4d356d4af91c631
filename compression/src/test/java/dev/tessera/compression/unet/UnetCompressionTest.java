package dev.tessera.compression.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.compression.CompressionInfo;
import dev.tessera.compression.CompressionOptions;
import dev.tessera.compression.CompressionResult;
import dev.tessera.compression.ModelCompressor;
import dev.tessera.compression.UnetCompressor;
import dev.tessera.compression.distill.DistillationBudget;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.random.NoiseSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contribution analysis, pruning and distillation of a tiny U-Net expert, through {@link UnetCompressor}. */
class UnetCompressionTest {

    private static final UnetConfig WHOLE = UnetPruningPlanTest.WHOLE;
    private static final TrainingExamples EXAMPLES = AcditFixtures.fixedImages(8, 16, 8);
    /** A ResBlock whose branch the source zeroes: removing it changes nothing. */
    private static final String IDLE = "up.1.res.1";

    @TempDir
    Path dir;
    private Path source;

    @BeforeEach
    void writeSource() throws ModelFileException {
        source = dir.resolve("expert.safetensors");
        try (NDManager m = OfflineEngine.newManager(); UnetModel model = UnetModel.initialise(WHOLE, 5, m)) {
            long stream = 0;
            for (Map.Entry<String, NDArray> entry : model.parameters().asMap().entrySet()) {
                NDArray p = entry.getValue();
                float[] noise = NoiseSource.of(5).stream(7, stream++).gaussian(Math.toIntExact(p.size()));
                try (NDManager scratch = m.newSubManager()) {
                    p.addi(scratch.create(noise, p.getShape()).mul(0.05f));
                }
                if (entry.getKey().startsWith(IDLE + ".conv2.")) {
                    p.muli(0);
                }
            }
            UnetModel.save(source, model.parameters(), WHOLE, null);
        }
    }

    private static CompressionOptions options(double prune, Optional<DistillationBudget> distill, boolean preserve,
            boolean int4) {
        return new CompressionOptions(prune, distill, preserve, UpdateScaling.UNIFORM,
                int4 ? Optional.of(new Int4Quantizer(new Int4Weights.Settings(16, Int4Weights.Scheme.SYMMETRIC),
                        SafetensorsDType.F16)) : Optional.empty(), 8, new Distiller.Options(4, 1e-3, 2, 0.1, 1.0, 7));
    }

    private CompressionResult compress(Path from, String out, CompressionOptions options, List<UnetContribution> heard)
            throws ModelFileException {
        return UnetCompressor.compress(new ModelCompressor.Source(from, "0123456789", "test"), dir.resolve(out), options,
                model -> EXAMPLES, new UnetCompressor.Listener() {
                    @Override
                    public void contribution(UnetContribution contribution) {
                        heard.add(contribution);
                    }
                }, CancellationToken.none());
    }

    @Test
    void pruningNothingGivesTheOriginalWeightsAndConfigBitForBit() throws ModelFileException {
        CompressionResult result = compress(source, "same.safetensors", options(0, Optional.empty(), true, false),
                new ArrayList<>());
        SafetensorsFile original = SafetensorsReader.read(source);
        SafetensorsFile copy = SafetensorsReader.read(result.file());
        assertEquals(original.tensors(), copy.tensors());
        assertEquals(original.metadata().get(ModelMetadata.CONFIG_KEY), copy.metadata().get(ModelMetadata.CONFIG_KEY));
        assertEquals(result.parametersBefore(), result.parametersAfter());
        try (NDManager m = OfflineEngine.newManager(); UnetModel whole = UnetModel.load(source, m)) {
            UnetCalibrationSet set = UnetCalibrationSet.draw(EXAMPLES, 16, 8, 3);
            try (UnetModel pruned = UnetPruning.prune(whole, WHOLE.withRemoved(List.of()), m)) {
                assertEquals(0.0, new UnetEpsilonError(set, whole).of(pruned), "a plan that removes nothing is the original");
            }
        }
    }

    @Test
    void theAnalysisMeasuresEveryBlockInForwardOrderAndAnIdleBlockCostsNothing() throws ModelFileException {
        try (NDManager m = OfflineEngine.newManager(); UnetModel whole = UnetModel.load(source, m)) {
            UnetEpsilonError error = new UnetEpsilonError(UnetCalibrationSet.draw(EXAMPLES, 16, 8, 3), whole);
            List<UnetContribution> contributions = UnetContributionAnalysis.measure(whole, error, c -> {});
            assertEquals(WHOLE.removableParts(), contributions.stream().map(UnetContribution::part).toList());
            for (UnetContribution c : contributions) {
                assertEquals(UnetPruning.parameters(WHOLE) - UnetPruning.parameters(WHOLE.withRemoved(List.of(c.part()))),
                        c.parametersSaved(), c.part());
                if (c.part().equals(IDLE)) {
                    assertEquals(0.0, c.epsilonError(), 1e-12, "its branch adds zero: removing it is exact");
                } else {
                    assertTrue(c.epsilonError() > 1e-9, c.toString());
                }
            }
            assertEquals("1×1 skip conv", UnetContributionReport.removedMeans(WHOLE, IDLE));
            assertEquals("identity", UnetContributionReport.removedMeans(WHOLE, "down.0.res.0"));
            assertEquals("1×1 skip conv", UnetContributionReport.removedMeans(WHOLE, "down.1.res.0"));
            assertEquals("identity", UnetContributionReport.removedMeans(WHOLE, "mid.attn"));
        }
    }

    @Test
    void aPrunedDistilledInt4ExpertIsAnOrdinaryModelFileInBothRuntimes() throws ModelFileException {
        List<UnetContribution> heard = new ArrayList<>();
        CompressionResult result = compress(source, "small.safetensors",
                options(0.1, Optional.of(new DistillationBudget.Steps(3)), true, true), heard);
        assertEquals(WHOLE.removableParts().size(), heard.size());
        assertEquals(List.of("pruned", "distilled", "stored"), result.stages().stream().map(CompressionResult.Stage::name).toList());
        assertEquals(3, result.distillation().orElseThrow().steps());
        CompressionInfo info = CompressionInfo.of(result.file());
        assertTrue(info.removed().contains(IDLE), "the idle decoder block is the cheapest: " + info.removed());
        assertTrue(info.removed().stream().allMatch(p -> p.startsWith("up.")), info.removed().toString());
        assertTrue(info.int4().isPresent() && info.packedMatrices() > 0);
        Map<String, String> metadata = SafetensorsReader.readMetadata(result.file());
        assertTrue(metadata.get(ModelCompressor.RECIPE_KEY).contains("removed " + String.join(", ", info.removed())),
                metadata.get(ModelCompressor.RECIPE_KEY));
        assertEquals("expert.safetensors (0123456789)", metadata.get(ModelCompressor.SOURCE_KEY));
        try (NDManager m = OfflineEngine.newManager();
                UnetModel atLoad = UnetModel.load(result.file(), m);
                UnetModel perLayer = UnetModel.load(result.file(), m, Int4Runtime.DEQUANTIZE_PER_LAYER)) {
            assertEquals(info.removed(), atLoad.config().removed());
            assertEquals(result.parametersAfter(), atLoad.parameters().elementCount());
            assertTrue(result.parametersAfter() <= 0.9 * result.parametersBefore(), result.toString());
            UnetCalibrationSet set = UnetCalibrationSet.draw(EXAMPLES, 16, 4, 3);
            try (NDManager a = m.newSubManager()) {
                assertArrayEquals(set.predict(atLoad, a).toFloatArray(), set.predict(perLayer, a).toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    void preservationFreezesEverythingBeforeTheFirstRemovedBlockAndDistillationMovesTheRest() throws ModelFileException {
        // More than the idle block, whose removal alone changes nothing (a student equal to its teacher has nothing to learn).
        CompressionResult result = compress(source, "distilled.safetensors",
                options(0.3, Optional.of(new DistillationBudget.Steps(3)), true, false), new ArrayList<>());
        assertTrue(result.stages().get(0).epsilonError() > 0, result.stages().toString());
        assertTrue(result.stages().get(1).epsilonError() < result.stages().get(0).epsilonError(),
                "distillation moves the student towards the teacher: " + result.stages());
        try (NDManager m = OfflineEngine.newManager();
                UnetModel whole = UnetModel.load(source, m);
                UnetModel student = UnetModel.load(result.file(), m)) {
            UnetBlockUpdates updates = UnetBlockUpdates.of(student.config(), true, UpdateScaling.UNIFORM, List.of());
            int frozen = 0;
            int moved = 0;
            for (Map.Entry<String, NDArray> entry : student.parameters().asMap().entrySet()) {
                float[] before = whole.parameters().get(entry.getKey()).toFloatArray();
                float[] after = entry.getValue().toFloatArray();
                if (updates.factor(entry.getKey()) == 0) {
                    assertArrayEquals(before, after, entry.getKey() + " is frozen");
                    frozen++;
                } else if (!java.util.Arrays.equals(before, after)) {
                    moved++;
                }
            }
            assertTrue(frozen > 0 && moved > 0, frozen + " frozen, " + moved + " moved");
            assertEquals(0, updates.factor("conv_in.weight"));
            assertEquals(0, updates.factor("down.0.res.0.conv1.weight"));
            assertEquals(1, updates.factor("conv_out.weight"));
        }
    }

    @Test
    void anAlreadyPrunedExpertIsRefusedAndAnUnknownBudgetIsNot() throws ModelFileException {
        CompressionResult pruned = compress(source, "pruned.safetensors", options(0.1, Optional.empty(), true, false),
                new ArrayList<>());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> compress(pruned.file(), "twice.safetensors", options(0.1, Optional.empty(), true, false), new ArrayList<>()));
        assertTrue(twice.getMessage().contains("already pruned"), twice.getMessage());
        IllegalArgumentException all = assertThrows(IllegalArgumentException.class,
                () -> compress(source, "all.safetensors", options(0.9, Optional.empty(), true, false), new ArrayList<>()));
        assertTrue(all.getMessage().startsWith("nothing more is prunable"), all.getMessage());
        assertFalse(java.nio.file.Files.exists(dir.resolve("all.safetensors")));
    }
}
