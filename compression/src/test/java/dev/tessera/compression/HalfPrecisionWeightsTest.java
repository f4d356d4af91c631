package dev.tessera.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Float16;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HalfPrecisionWeightsTest {

    private static final AcditConfig CONFIG = AcditFixtures.tiny(16, 4, 2);

    @TempDir
    Path dir;
    private Path source;

    @BeforeEach
    void writeSource() throws ModelFileException {
        source = dir.resolve("model.safetensors");
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(CONFIG, 5, m)) {
            AcditModel.save(source, model.parameters(), CONFIG, null);
        }
    }

    @Test
    void aHalfPrecisionFileLoadsWithEachWeightRoundedToTheNearestHalf() throws Exception {
        Path half = dir.resolve("half.safetensors");
        int changed = HalfPrecisionWeights.convert(source, half, HalfPrecisionWeights.Target.F16);

        SafetensorsFile original = SafetensorsReader.read(source);
        SafetensorsFile stored = SafetensorsReader.read(half);
        assertEquals(original.tensors().size(), changed, "every F32 weight is stored as F16");
        assertTrue(stored.tensors().stream().allMatch(t -> t.dtype() == SafetensorsDType.F16));
        assertTrue(Files.size(half) < 0.55 * Files.size(source), Files.size(half) + " vs " + Files.size(source));
        Map<String, String> metadata = stored.metadata();
        original.metadata().forEach((key, value) -> assertEquals(value, metadata.get(key), key));
        assertTrue(metadata.get(HalfPrecisionWeights.STORAGE_KEY).startsWith("F16"));

        try (NDManager m = OfflineEngine.newManager(); AcditModel loaded = AcditModel.load(half, m)) {
            Map<String, TensorData> widened = loaded.parameters().toTensors("");
            for (TensorData tensor : original.tensors()) {
                float[] want = floats(tensor);
                for (int i = 0; i < want.length; i++) {
                    want[i] = Float16.toFloat(Float16.nearest(want[i]));
                }
                assertArrayEquals(want, floats(widened.get(tensor.name())), tensor.name());
            }
        }
    }

    @Test
    void backToF32GivesTheRoundedWeightsAndForgetsTheStorageNote() throws Exception {
        Path half = dir.resolve("half.safetensors");
        Path single = dir.resolve("single.safetensors");
        HalfPrecisionWeights.convert(source, half, HalfPrecisionWeights.Target.F16);
        HalfPrecisionWeights.convert(half, single, HalfPrecisionWeights.Target.F32);
        SafetensorsFile back = SafetensorsReader.read(single);
        assertEquals(Files.size(source), Files.size(single));
        assertTrue(!back.metadata().containsKey(HalfPrecisionWeights.STORAGE_KEY));
        for (TensorData tensor : SafetensorsReader.read(half).tensors()) {
            float[] halves = new float[(int) (tensor.byteLength() / 2)];
            for (int i = 0; i < halves.length; i++) {
                halves[i] = Float16.toFloat(tensor.data().getShort(2 * i));
            }
            assertArrayEquals(halves, floats(back.tensor(tensor.name()).orElseThrow()), tensor.name());
        }
    }

    @Test
    void anInt4FileBackToF32HasItsMatricesExpandedToWhatLoadingComputesWith() throws Exception {
        Int4Quantizer quantizer = new Int4Quantizer(new Int4Weights.Settings(8, Int4Weights.Scheme.SYMMETRIC),
                SafetensorsDType.F16);
        SafetensorsFile original = SafetensorsReader.read(source);
        List<TensorData> tensors = new ArrayList<>();
        int packed = 0;
        for (TensorData tensor : original.tensors()) {
            if (tensor.name().endsWith(".weight") && tensor.shape().length == 2 && quantizer.fits(tensor.shape()[1])) {
                Int4Weights.PackedMatrix matrix = quantizer.quantize(tensor);
                tensors.add(matrix.qweight());
                tensors.add(matrix.scales());
                packed++;
            } else {
                tensors.add(tensor);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>(original.metadata());
        metadata.putAll(quantizer.settings().metadata());
        Path int4 = dir.resolve("int4.safetensors");
        SafetensorsWriter.write(int4, tensors, metadata);
        Path expanded = dir.resolve("expanded.safetensors");

        int changed = HalfPrecisionWeights.convert(int4, expanded, HalfPrecisionWeights.Target.F32);

        assertTrue(packed > 0, "the fixture has matrices to pack");
        assertEquals(packed, changed, "each packed matrix is expanded once; the source has no other F16 tensor");
        SafetensorsFile written = SafetensorsReader.read(expanded);
        assertTrue(written.tensors().stream().allMatch(t -> t.dtype() == SafetensorsDType.F32));
        assertTrue(Int4Weights.settings(written).isEmpty(), "the INT4 settings are gone: " + written.metadata());
        assertTrue(written.metadata().get(HalfPrecisionWeights.STORAGE_KEY).contains("INT4, groups of 8"));
        assertEquals(original.tensors().size(), written.tensors().size());
        try (NDManager m = OfflineEngine.newManager(); AcditModel fromInt4 = AcditModel.load(int4, m);
                AcditModel fromF32 = AcditModel.load(expanded, m)) {
            Map<String, TensorData> want = fromInt4.parameters().toTensors("");
            Map<String, TensorData> got = fromF32.parameters().toTensors("");
            assertEquals(want.keySet(), got.keySet());
            want.forEach((name, tensor) -> assertArrayEquals(floats(tensor), floats(got.get(name)), name));
        }
    }

    @Test
    void refusesAnExistingOutputAndAWeightBeyondHalfPrecision() throws Exception {
        Path existing = dir.resolve("existing.safetensors");
        Files.writeString(existing, "keep me");
        ModelFileException exists = assertThrows(ModelFileException.class,
                () -> HalfPrecisionWeights.convert(source, existing, HalfPrecisionWeights.Target.F16));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        assertEquals("keep me", Files.readString(existing));

        List<TensorData> tensors = new ArrayList<>(SafetensorsReader.read(source).tensors());
        TensorData first = tensors.get(0);
        ByteBuffer big = ByteBuffer.allocate((int) first.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
        big.putFloat(0, 1e6f);
        tensors.set(0, TensorData.of(first.name(), SafetensorsDType.F32, first.shape(), big.array()));
        Path huge = dir.resolve("huge.safetensors");
        SafetensorsWriter.write(huge, tensors, SafetensorsReader.read(source).metadata());
        Path out = dir.resolve("huge-half.safetensors");
        ModelFileException tooBig = assertThrows(ModelFileException.class,
                () -> HalfPrecisionWeights.convert(huge, out, HalfPrecisionWeights.Target.F16));
        assertTrue(tooBig.getMessage().contains(first.name()) && tooBig.getMessage().contains("1000000"),
                tooBig.getMessage());
        assertTrue(Files.notExists(out), "nothing is written when a weight does not fit");
    }

    private static float[] floats(TensorData tensor) {
        float[] out = new float[(int) (tensor.byteLength() / 4)];
        tensor.data().asFloatBuffer().get(out);
        return out;
    }
}
