package dev.tessera.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.distill.DistillationBudget;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.compression.prune.CalibrationSet;
import dev.tessera.compression.prune.ParameterCount;
import dev.tessera.compression.prune.PlanKind;
import dev.tessera.compression.prune.PruningPlan;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import dev.tessera.generation.acdit.sampling.RecommendedSampling;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.Int4Weights.Scheme;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.nn.Int4Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCompressorTest {

    private static final AcditConfig WHOLE = AcditFixtures.tiny(16, 4, 2).withDepth(3);
    private static final TrainingExamples EXAMPLES = AcditFixtures.fixedImages(8, 16, 8);

    @TempDir
    Path dir;
    private Path source;

    @BeforeEach
    void writeSource() throws ModelFileException {
        source = dir.resolve("whole.safetensors");
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(WHOLE, 61, m)) {
            AcditModel.save(source, model.parameters(), WHOLE, null);
        }
    }

    private static CompressionOptions options(double prune, Optional<DistillationBudget> distill, boolean int4) {
        return new CompressionOptions(prune, distill, true, UpdateScaling.CONTINUOUS,
                int4 ? Optional.of(new Int4Quantizer(new Int4Weights.Settings(32, Scheme.SYMMETRIC), SafetensorsDType.F16))
                        : Optional.empty(), 8, new Distiller.Options(4, 1e-3, 2, 0.1, 1.0, 7));
    }

    private CompressionResult compress(Path from, String out, CompressionOptions options) throws ModelFileException {
        return ModelCompressor.compress(new ModelCompressor.Source(from, "0123456789", "test"), dir.resolve(out), options,
                config -> EXAMPLES, ModelCompressor.Listener.NONE, CancellationToken.none());
    }

    @Test
    void noPruningAndNoInt4GivesTheOriginalWeightsBitForBit() throws ModelFileException {
        CompressionResult result = compress(source, "same.safetensors", options(0, Optional.empty(), false));
        SafetensorsFile original = SafetensorsReader.read(source);
        SafetensorsFile copy = SafetensorsReader.read(result.file());
        assertEquals(original.tensors(), copy.tensors());
        assertEquals(original.metadata().get("tessera.config"), copy.metadata().get("tessera.config"));
        assertEquals(0.0, result.stages().get(0).epsilonError());
        assertEquals(result.parametersBefore(), result.parametersAfter());
    }

    @Test
    void aFewStepStudentKeepsItsOwnSamplingThroughCompressionAndAPlainModelGetsNone() throws ModelFileException {
        String sampling = "{\"sampler\":\"ddim\",\"steps\":4,\"guidance\":1.0,\"styleStrength\":0.0}";
        Path student = dir.resolve("student.safetensors");
        AcditModel.save(student, SafetensorsReader.read(source).tensors(), WHOLE, null,
                Map.of(RecommendedSampling.KEY, sampling));
        CompressionResult result = compress(student, "student-int4.safetensors", options(0, Optional.empty(), true));
        assertEquals(sampling, SafetensorsReader.readMetadata(result.file()).get(RecommendedSampling.KEY));
        CompressionResult plain = compress(source, "plain-int4.safetensors", options(0, Optional.empty(), true));
        assertFalse(SafetensorsReader.readMetadata(plain.file()).containsKey(RecommendedSampling.KEY));
    }

    @Test
    void prunedDistilledInt4ModelIsAnOrdinaryModelFileInBothRuntimes() throws ModelFileException {
        CompressionResult result = compress(source, "small.safetensors",
                options(0.3, Optional.of(new DistillationBudget.Steps(5)), true));
        assertTrue(result.plan().orElseThrow().removedFraction() >= 0.3);
        assertEquals(5, result.distillation().orElseThrow().steps());
        assertEquals(java.util.List.of("pruned", "distilled", "stored"),
                result.stages().stream().map(CompressionResult.Stage::name).toList());
        assertEquals(4 * WHOLE.depth(), result.contributions().size());
        Map<String, String> metadata = SafetensorsReader.readMetadata(result.file());
        assertEquals("32", metadata.get(Int4Weights.GROUP_KEY));
        assertTrue(metadata.get(ModelCompressor.RECIPE_KEY).contains("INT4 weights, groups of 32, symmetric"),
                metadata.get(ModelCompressor.RECIPE_KEY));
        assertEquals("whole.safetensors (0123456789)", metadata.get(ModelCompressor.SOURCE_KEY));
        assertTrue(result.weightBytesAfter() < 0.6 * result.weightBytesBefore(), result.toString());
        try (NDManager m = OfflineEngine.newManager();
                AcditModel atLoad = AcditModel.load(result.file(), m);
                AcditModel perLayer = AcditModel.load(result.file(), m, Int4Runtime.DEQUANTIZE_PER_LAYER)) {
            assertTrue(atLoad.config().isPruned());
            assertEquals(result.parametersAfter(), atLoad.parameters().elementCount());
            assertTrue(perLayer.parameters().names().stream().anyMatch(n -> n.endsWith(Int4Weights.QWEIGHT)));
            CalibrationSet calibration = CalibrationSet.draw(EXAMPLES, WHOLE.layout(), 8, 9);
            float[] dequantizedOnce = calibration.predictedNoise(atLoad);
            float[] dequantizedPerLayer = calibration.predictedNoise(perLayer);
            assertArrayEquals(dequantizedOnce, dequantizedPerLayer, 1e-6f, "both runtimes compute the same weights");
        }
    }

    @Test
    void aNarrowedModelSaysSoWhenInspectedAndKeepsSayingItWhenPackedAsInt4() throws ModelFileException {
        CompressionOptions narrow = new CompressionOptions(0.01, Optional.of(new DistillationBudget.Steps(3)), true,
                UpdateScaling.CONTINUOUS, Optional.empty(), 8, new Distiller.Options(4, 1e-3, 2, 0.1, 1.0, 7),
                dev.tessera.compression.prune.PlanKind.NARROW);
        CompressionResult narrowed = compress(source, "narrow.safetensors", narrow);
        assertTrue(narrowed.plan().orElseThrow().narrows());
        assertEquals(3, narrowed.distillation().orElseThrow().steps());
        String line = "pruned: narrowed, 64 → 32 hidden units in every layer's MLP";
        CompressionInfo info = CompressionInfo.of(narrowed.file());
        assertTrue(info.compressed());
        assertTrue(info.describe().contains(line), info.describe().toString());
        CompressionResult packed = compress(narrowed.file(), "narrow-int4.safetensors", options(0, Optional.empty(), true));
        assertTrue(CompressionInfo.of(packed.file()).describe().contains(line));
        assertFalse(CompressionInfo.of(source).compressed());
        assertTrue(CompressionInfo.of(source).describe().contains("pruned: no"));

        // The depth plan: a whole layer, then the other MLPs narrowed; inspect names both.
        double layer = 1 - (double) ParameterCount.of(WHOLE.withRemoved(List.of(
                new RemovedPart(1, LayerPart.LAYER))))
                / ParameterCount.of(WHOLE);
        CompressionResult depth = compress(source, "depth.safetensors", new CompressionOptions(layer + 0.01, Optional.empty(),
                true, UpdateScaling.CONTINUOUS, Optional.empty(), 8, new Distiller.Options(4, 1e-3, 2, 0.1, 1.0, 7),
                PlanKind.DEPTH));
        PruningPlan plan = depth.plan().orElseThrow();
        assertEquals(1, plan.removed().size());
        String both = "pruned: " + plan.removed().get(0).label() + ", narrowed, 64 → 32 hidden units in every layer's MLP";
        assertTrue(CompressionInfo.of(depth.file()).describe().contains(both), CompressionInfo.of(depth.file()).describe().toString());
    }

    @Test
    void int4AloneKeepsTheArchitectureAndStaysCloseToTheOriginal() throws ModelFileException {
        CompressionResult result = compress(source, "int4.safetensors", options(0, Optional.empty(), true));
        assertEquals(result.parametersBefore(), result.parametersAfter());
        double rounded = result.stages().get(0).epsilonError();
        double pruned = compress(source, "pruned.safetensors", options(0.3, Optional.empty(), false)).stages().get(0)
                .epsilonError();
        assertTrue(rounded > 0 && rounded < 0.2 * pruned, "rounding moves ε a little: " + rounded + ", pruning " + pruned);
        assertTrue(result.fileBytesAfter() < 0.5 * result.fileBytesBefore(), result.toString());
    }

    @Test
    void badSourcesAndOptionsAreRefusedClearly() throws Exception {
        CompressionResult int4 = compress(source, "int4.safetensors", options(0, Optional.empty(), true));
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> compress(int4.file(), "twice.safetensors", options(0, Optional.empty(), true)));
        assertTrue(again.getMessage().contains("already holds INT4 weights"), again.getMessage());

        CompressionResult pruned = compress(source, "pruned.safetensors", options(0.3, Optional.empty(), false));
        IllegalArgumentException prunedTwice = assertThrows(IllegalArgumentException.class,
                () -> compress(pruned.file(), "pruned-twice.safetensors", options(0.3, Optional.empty(), false)));
        assertTrue(prunedTwice.getMessage().contains("already pruned"), prunedTwice.getMessage());

        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> compress(source, "pruned.safetensors", options(0, Optional.empty(), true)));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());

        Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), new byte[] {1, 2, 3});
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> compress(corrupt, "out.safetensors", options(0.2, Optional.empty(), false)));
        assertTrue(e.getMessage().contains("corrupt.safetensors"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.safetensors")));

        for (double budget : new double[] {-0.1, 0.91, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> options(budget, Optional.empty(), false));
        }
        IllegalArgumentException distillAlone = assertThrows(IllegalArgumentException.class,
                () -> options(0, Optional.of(new DistillationBudget.Steps(5)), false));
        assertTrue(distillAlone.getMessage().contains("--prune"), distillAlone.getMessage());
    }
}
