package dev.tessera.generation.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.tessera.generation.engine.OfflineEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named NDArrays survive a trip through a model file bit for bit, landing on the given manager. */
class SafetensorsNDArrayTest {

    private static final List<SafetensorsDType> DJL_TYPES = List.of(
            SafetensorsDType.F32, SafetensorsDType.F16, SafetensorsDType.I8, SafetensorsDType.U8, SafetensorsDType.I32);

    @TempDir
    Path dir;

    @Test
    void arraysRoundTripThroughAFileBitExactly() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        Path file = dir.resolve("arrays.safetensors");
        Map<String, TensorData> originals = new LinkedHashMap<>();
        for (SafetensorsDType dtype : DJL_TYPES) {
            originals.put(dtype.name(), SafetensorsRoundTripTest.randomTensor(dtype.name(), dtype, new long[] {3, 5}, random));
        }
        try (NDManager source = OfflineEngine.newManager(); NDManager target = OfflineEngine.newManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            originals.forEach((name, tensor) -> arrays.put(name, NDArrayTensors.toNDArray(tensor, source)));

            NDArrayTensors.save(file, arrays, ModelMetadata.empty());
            Map<String, NDArray> loaded = NDArrayTensors.load(SafetensorsReader.read(file), target);

            assertEquals(originals.keySet(), loaded.keySet());
            for (Map.Entry<String, NDArray> entry : loaded.entrySet()) {
                NDArray array = entry.getValue();
                assertSame(target, array.getManager());
                assertEquals(originals.get(entry.getKey()).dtype().djlType().orElseThrow(), array.getDataType());
                assertArrayEquals(new long[] {3, 5}, array.getShape().getShape());
                assertArrayEquals(originals.get(entry.getKey()).bytes(),
                        NDArrayTensors.toTensor(entry.getKey(), array).bytes(), entry.getKey());
            }
        }
    }

    @Test
    void floatValuesAreReadInLittleEndian() {
        TensorData tensor = TensorData.of("x", SafetensorsDType.F32, new long[] {2},
                new byte[] {0x00, 0x00, (byte) 0x80, 0x3F, 0x00, 0x00, 0x00, (byte) 0xC0});
        try (NDManager manager = OfflineEngine.newManager()) {
            assertArrayEquals(new float[] {1.0f, -2.0f}, NDArrayTensors.toNDArray(tensor, manager).toFloatArray());
        }
    }

    @Test
    void bf16IsRefusedInsteadOfConverted() {
        TensorData tensor = TensorData.of("x", SafetensorsDType.BF16, new long[] {1}, new byte[] {0, 0x3F});
        try (NDManager manager = OfflineEngine.newManager()) {
            assertThrows(IllegalArgumentException.class, () -> NDArrayTensors.toNDArray(tensor, manager));
            assertEquals(0, manager.getManagedArrays().size());
        }
    }

    @Test
    void typesWithoutAFileDtypeAreNotMapped() {
        // Only checked on the mapping: creating INT16 or BF16 arrays aborts the PyTorch engine.
        assertEquals(java.util.Optional.empty(), SafetensorsDType.of(DataType.INT16));
        assertEquals(java.util.Optional.empty(), SafetensorsDType.of(DataType.BFLOAT16));
        assertEquals(java.util.Optional.empty(), SafetensorsDType.BF16.djlType());
    }
}
