package dev.tessera.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.compression.int4.UnetQuantization;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.AggregatorConfig;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.Int4Weights.Scheme;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.random.NoiseSource;
import dev.tessera.compression.distill.Distiller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INT4 U-Net experts: which weights are packed, both runtimes, the loaders' shapes, and what is refused (pruning and
 * distillation: {@code unet/UnetCompressionTest}).
 */
class UnetCompressorTest {

    /** 16×16 images, 16 and 32 channels: 3×3 convolutions of 144, 288 and 432 columns, whole groups of 16. */
    private static final UnetConfig TINY = new UnetConfig(16, 16, List.of(1, 2), 1, List.of(8), 4, 2, 8,
            List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    private static final int GROUP = 16;

    @TempDir
    Path dir;
    private Path source;

    @BeforeEach
    void writeSource() throws ModelFileException {
        source = dir.resolve("expert.safetensors");
        try (NDManager m = OfflineEngine.newManager(); UnetModel model = UnetModel.initialise(TINY, 5, m)) {
            long stream = 0;
            for (NDArray p : model.parameters().asMap().values()) { // every weight non-zero, the zero-initialised too
                float[] noise = NoiseSource.of(5).stream(7, stream++).gaussian(Math.toIntExact(p.size()));
                try (NDManager scratch = m.newSubManager()) {
                    p.addi(scratch.create(noise, p.getShape()).mul(0.05f));
                }
            }
            UnetModel.save(source, model.parameters(), TINY, null);
        }
    }

    private static CompressionOptions int4(Scheme scheme) {
        return new CompressionOptions(0, Optional.empty(), true, UpdateScaling.CONTINUOUS,
                Optional.of(new Int4Quantizer(new Int4Weights.Settings(GROUP, scheme), SafetensorsDType.F16)), 8,
                Distiller.Options.defaults());
    }

    private CompressionResult compress(Path from, String out, CompressionOptions options) throws ModelFileException {
        return UnetCompressor.compress(new ModelCompressor.Source(from, "abcdef0123", "test"), dir.resolve(out), options);
    }

    @Test
    void anInt4UNetIsNotExpandedByConvertAndNothingIsWritten() throws ModelFileException {
        CompressionResult result = compress(source, "int4.safetensors", int4(Scheme.SYMMETRIC));
        Path out = dir.resolve("expanded.safetensors");
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> HalfPrecisionWeights.convert(result.file(), out, HalfPrecisionWeights.Target.F32));
        assertTrue(e.getMessage().contains("U-Net's INT4 weights"), e.getMessage());
        assertTrue(java.nio.file.Files.notExists(out));
    }

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void convolutionsAndDenseLayersOfTheStagesBecomeInt4AndLoadBackInTheirShapesWithinHalfAStep(Scheme scheme)
            throws ModelFileException {
        CompressionResult result = compress(source, "int4.safetensors", int4(scheme));
        SafetensorsFile original = SafetensorsReader.read(source);
        SafetensorsFile stored = SafetensorsReader.read(result.file());
        Map<String, Int4Weights.PackedMatrix> packed = Int4Weights.packedMatrices(stored);
        assertTrue(packed.containsKey("down.0.res.0.conv1"), "a 3×3 convolution: " + packed.keySet());
        assertTrue(packed.containsKey("mid.attn.qkv"), "an attention projection: " + packed.keySet());
        assertTrue(packed.containsKey("up.0.res.0.film"), "a FiLM layer: " + packed.keySet());
        assertEquals(144, packed.get("down.0.res.0.conv1").columns(), "[16, 16, 3, 3] stored as [16, 144]");
        for (String kept : List.of("conv_in", "conv_out", "time.fc1", "cond.prompt")) {
            assertFalse(packed.containsKey(kept), kept + " keeps full precision");
        }
        assertEquals(result.parametersBefore(), result.parametersAfter(), "INT4 removes no parameter");
        try (NDManager m = OfflineEngine.newManager(); UnetModel atLoad = UnetModel.load(result.file(), m)) {
            for (TensorData tensor : original.tensors()) {
                NDArray loaded = atLoad.parameters().get(tensor.name());
                assertArrayEquals(tensor.shape(), loaded.getShape().getShape(), tensor.name());
                float[] before = floats(tensor);
                float[] after = loaded.toFloatArray();
                String layer = tensor.name().replaceFirst("\\.weight$", "");
                if (!packed.containsKey(layer) || !tensor.name().endsWith(".weight")) {
                    assertArrayEquals(before, after, tensor.name() + " is copied bit for bit");
                    continue;
                }
                float[] steps = packed.get(layer).scaleValues();
                int columns = packed.get(layer).columns();
                for (int i = 0; i < before.length; i++) {
                    float step = steps[(i / columns) * (columns / GROUP) + (i % columns) / GROUP];
                    assertTrue(Math.abs(after[i] - before[i]) <= step / 2 + Math.ulp(before[i]),
                            tensor.name() + "[" + i + "]: " + before[i] + " → " + after[i] + ", step " + step);
                }
            }
        }
    }

    @Test
    void bothRuntimesComputeTheSameNoiseAndThePackedOneHoldsAFifthOfTheBytes() throws ModelFileException {
        CompressionResult result = compress(source, "int4.safetensors", int4(Scheme.SYMMETRIC));
        try (NDManager m = OfflineEngine.newManager();
                UnetModel original = UnetModel.load(source, m);
                UnetModel atLoad = UnetModel.load(result.file(), m);
                UnetModel perLayer = UnetModel.load(result.file(), m, Int4Runtime.DEQUANTIZE_PER_LAYER)) {
            assertTrue(perLayer.parameters().names().contains("down.0.res.0.conv1" + Int4Weights.QWEIGHT));
            assertEquals(result.weightBytesAfter(), perLayer.parameters().byteCount());
            assertTrue(perLayer.parameters().byteCount() < 0.4 * atLoad.parameters().byteCount(),
                    perLayer.parameters().byteCount() + " packed against " + atLoad.parameters().byteCount());
            List<AcditCondition> conditions = IntStream.range(0, 2).mapToObj(i -> (AcditCondition) new AcditCondition.Prompted(
                    AcditFixtures.prompt("item " + i, TINY.promptDim(), i), TINY.styles().get(i))).toList();
            try (NDManager a = m.newSubManager()) {
                NDArray x = a.create(NoiseSource.of(3).stream(0).gaussian(2 * 3 * 16 * 16), new Shape(2, 3, 16, 16));
                NDArray t = a.create(new float[] {20, 700});
                float[] once = atLoad.network().forward(x, t, conditions).toFloatArray();
                float[] each = perLayer.network().forward(x, t, conditions).toFloatArray();
                float[] whole = original.network().forward(x, t, conditions).toFloatArray();
                assertArrayEquals(once, each, 1e-5f, "both runtimes compute with the same weights");
                double moved = 0;
                for (int i = 0; i < once.length; i++) {
                    moved = Math.max(moved, Math.abs(once[i] - whole[i]));
                }
                assertTrue(moved > 0, "rounding the weights changes the prediction");
            }
        }
    }

    @Test
    void int4ExpertsJoinAnEnsembleFileThatLoadsAndPredicts() throws Exception {
        Path first = compress(source, "first.safetensors", int4(Scheme.SYMMETRIC)).file();
        Path second = compress(source, "second.safetensors", int4(Scheme.ASYMMETRIC)).file();
        Path ensembleFile = dir.resolve("ensemble.safetensors");
        try (NDManager m = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(List.of(first, second), new AggregatorConfig(8), 3, m)) {
            ensemble.save(ensembleFile, null);
        }
        try (NDManager m = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.load(ensembleFile, m);
                UnetModel firstAlone = UnetModel.load(first, m)) {
            assertEquals(2, ensemble.experts().size());
            assertArrayEquals(firstAlone.parameters().get("down.0.res.0.conv1.weight").toFloatArray(),
                    ensemble.experts().get(0).parameters().get("down.0.res.0.conv1.weight").toFloatArray(),
                    "the ensemble's expert is the INT4 file, dequantized");
            List<AcditCondition> conditions = List.of(new AcditCondition.Prompted(AcditFixtures.prompt("x", TINY.promptDim(), 1),
                    EmojiStyle.GOOGLE));
            NDArray x = m.create(NoiseSource.of(4).stream(0).gaussian(3 * 16 * 16), new Shape(1, 3, 16, 16));
            float[] eps = ensemble.network().forward(x, m.create(new float[] {300}), conditions).toFloatArray();
            assertTrue(java.util.stream.IntStream.range(0, eps.length).anyMatch(i -> eps[i] != 0), "the ensemble predicts noise");
        }
    }

    @Test
    void aHalfPrecisionExpertIsWidenedBeforeItIsRounded() throws Exception {
        Path half = dir.resolve("half.safetensors");
        HalfPrecisionWeights.convert(source, half, HalfPrecisionWeights.Target.F16);
        CompressionResult result = compress(half, "int4.safetensors", int4(Scheme.SYMMETRIC));
        Map<String, String> metadata = SafetensorsReader.readMetadata(result.file());
        assertEquals("half.safetensors (abcdef0123)", metadata.get(ModelCompressor.SOURCE_KEY));
        assertEquals(UnetModel.KIND, metadata.get("tessera.model"));
        assertEquals(Integer.toString(GROUP), metadata.get(Int4Weights.GROUP_KEY));
        assertTrue(metadata.get(ModelCompressor.RECIPE_KEY).startsWith("INT4 weights, groups of 16, symmetric"),
                metadata.get(ModelCompressor.RECIPE_KEY));
        assertTrue(result.fileBytesAfter() < 0.5 * result.fileBytesBefore(), result.toString());
        CompressionInfo info = CompressionInfo.of(result.file());
        assertTrue(info.compressed());
        assertEquals(Int4Weights.packedMatrices(SafetensorsReader.read(result.file())).size(), info.packedMatrices());
    }

    @Test
    void whatCannotBeDoneToAUnetIsRefusedClearly() throws Exception {
        CompressionResult once = compress(source, "int4.safetensors", int4(Scheme.SYMMETRIC));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> compress(once.file(), "twice.safetensors", int4(Scheme.SYMMETRIC)));
        assertTrue(twice.getMessage().contains("already holds INT4 weights"), twice.getMessage());
        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> compress(source, "int4.safetensors", int4(Scheme.ASYMMETRIC)));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());

        CompressionOptions huge = new CompressionOptions(0, Optional.empty(), true, UpdateScaling.CONTINUOUS,
                Optional.of(new Int4Quantizer(new Int4Weights.Settings(4096, Scheme.SYMMETRIC), SafetensorsDType.F16)), 8,
                Distiller.Options.defaults());
        IllegalArgumentException noGroup = assertThrows(IllegalArgumentException.class,
                () -> compress(source, "g.safetensors", huge));
        assertTrue(noGroup.getMessage().contains("groups of 4096"), noGroup.getMessage());
        assertFalse(Files.exists(dir.resolve("g.safetensors")));

        Path acdit = dir.resolve("acdit.safetensors");
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditModel.initialise(AcditFixtures.tiny(16, 4, 2), 1, m)) {
            AcditModel.save(acdit, model.parameters(), model.config(), null);
        }
        assertFalse(UnetCompressor.isUnet(acdit));
        ModelFileException notUnet = assertThrows(ModelFileException.class,
                () -> compress(acdit, "a.safetensors", int4(Scheme.SYMMETRIC)));
        assertTrue(notUnet.getMessage().contains("is not a U-Net model"), notUnet.getMessage());

        Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), new byte[] {1, 2, 3});
        ModelFileException bad = assertThrows(ModelFileException.class,
                () -> compress(corrupt, "c.safetensors", int4(Scheme.SYMMETRIC)));
        assertTrue(bad.getMessage().contains("corrupt.safetensors"), bad.getMessage());
        assertFalse(Files.exists(dir.resolve("c.safetensors")));
    }

    @Test
    void aPackedMatrixThatCannotBeTheModelsWeightIsRefusedByName() throws Exception {
        Int4Quantizer quantizer = new Int4Quantizer(new Int4Weights.Settings(GROUP, Scheme.SYMMETRIC), SafetensorsDType.F32);
        SafetensorsFile read = SafetensorsReader.read(source);
        // down.0.res.0.conv1 [16, 16, 3, 3] stored as [48, 48]: as many elements, the wrong rows.
        List<TensorData> tensors = new java.util.ArrayList<>();
        for (TensorData tensor : UnetQuantization.quantize(read.tensors(), quantizer)) {
            if (tensor.name().startsWith("down.0.res.0.conv1.") && !tensor.name().endsWith(".bias")) {
                continue;
            }
            tensors.add(tensor);
        }
        Int4Weights.PackedMatrix wrong = quantizer.quantize("down.0.res.0.conv1", new float[48 * 48], 48, 48);
        tensors.add(wrong.qweight());
        tensors.add(wrong.scales());
        Map<String, String> metadata = new java.util.TreeMap<>(read.metadata());
        metadata.putAll(quantizer.settings().metadata());
        Path broken = dir.resolve("broken.safetensors");
        dev.tessera.generation.modelfile.SafetensorsWriter.write(broken, tensors, metadata);
        for (Int4Runtime runtime : Int4Runtime.values()) {
            try (NDManager m = OfflineEngine.newManager()) {
                ModelFileException e = assertThrows(ModelFileException.class, () -> UnetModel.load(broken, m, runtime));
                assertTrue(e.getMessage().contains("down.0.res.0.conv1") && e.getMessage().contains("broken.safetensors"),
                        runtime + ": " + e.getMessage());
            }
        }
    }

    private static float[] floats(TensorData tensor) {
        float[] out = new float[Math.toIntExact(TensorData.elementCount(tensor.shape()))];
        tensor.data().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
