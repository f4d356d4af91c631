package dev.tessera.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Float16;
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
