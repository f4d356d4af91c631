package dev.tessera.generation.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by Tessera read back bit for bit, including special float values. */
class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    /** Float bit patterns that naive conversions lose: NaN payloads, signed zero, subnormals, infinities. */
    static final int[] SPECIAL_F32 = {
        0x7FC00001, 0x7F800001, 0xFFFFFFFF, 0xFFC12345, 0x80000000, 0x00000000,
        0x00000001, 0x807FFFFF, 0x7F800000, 0xFF800000, 0x7F7FFFFF
    };
    static final short[] SPECIAL_F16 = {
        (short) 0x7C01, (short) 0x7E00, (short) 0xFFFF, (short) 0x8000, 0x0000, 0x0001, (short) 0x83FF, 0x7C00
    };

    static TensorData randomTensor(String name, SafetensorsDType dtype, long[] shape, SplittableRandom random) {
        int bytes = (int) (TensorData.elementCount(shape) * dtype.byteSize());
        ByteBuffer data = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (data.hasRemaining()) {
            data.put((byte) random.nextInt());
        }
        data.flip();
        if (dtype == SafetensorsDType.F32) {
            for (int i = 0; i < Math.min(SPECIAL_F32.length, bytes / 4); i++) {
                data.putInt(4 * i, SPECIAL_F32[i]);
            }
        }
        if (dtype == SafetensorsDType.F16) {
            for (int i = 0; i < Math.min(SPECIAL_F16.length, bytes / 2); i++) {
                data.putShort(2 * i, SPECIAL_F16[i]);
            }
        }
        return new TensorData(name, dtype, shape, data);
    }

    static List<TensorData> everyDtype(SplittableRandom random) {
        List<TensorData> tensors = new ArrayList<>();
        for (SafetensorsDType dtype : SafetensorsDType.values()) {
            tensors.add(randomTensor("t." + dtype.name().toLowerCase(), dtype, new long[] {4, 6}, random));
        }
        tensors.add(randomTensor("scalar", SafetensorsDType.F32, new long[0], random));
        tensors.add(randomTensor("empty", SafetensorsDType.F32, new long[] {0, 3}, random));
        return tensors;
    }

    @Test
    void everyDtypeRoundTripsBitExactly() throws IOException {
        List<TensorData> tensors = everyDtype(new SplittableRandom(7));
        Path file = dir.resolve("all.safetensors");
        Map<String, String> metadata = Map.of("tessera.config", "{\"width\":8}", "note", "é ü 漢");

        SafetensorsWriter.write(file, tensors, metadata);
        SafetensorsFile read = SafetensorsReader.read(file);

        assertEquals(metadata, read.metadata());
        assertEquals(tensors.size(), read.tensors().size());
        for (TensorData expected : tensors) {
            TensorData actual = read.tensor(expected.name()).orElseThrow();
            assertEquals(expected.dtype(), actual.dtype());
            assertArrayEquals(expected.shape(), actual.shape());
            assertArrayEquals(expected.bytes(), actual.bytes(), expected.name());
        }
    }

    @Test
    void writingIsDeterministicWhateverTheInputOrder() throws IOException {
        List<TensorData> tensors = everyDtype(new SplittableRandom(11));
        List<TensorData> reversed = new ArrayList<>(tensors);
        java.util.Collections.reverse(reversed);
        Path first = dir.resolve("first.safetensors");
        Path second = dir.resolve("second.safetensors");

        SafetensorsWriter.write(first, tensors, Map.of("b", "2", "a", "1"));
        SafetensorsWriter.write(second, reversed, new java.util.LinkedHashMap<>(Map.of("a", "1", "b", "2")));

        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void overwriteIsAtomicAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, everyDtype(new SplittableRandom(1)), Map.of("v", "1"));
        SafetensorsWriter.write(file, everyDtype(new SplittableRandom(2)), Map.of("v", "2"));

        assertEquals("2", SafetensorsReader.read(file).metadata().get("v"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writerRejectsDuplicateNames() {
        TensorData one = TensorData.of("w", SafetensorsDType.U8, new long[] {1}, new byte[] {1});
        Path file = dir.resolve("dup.safetensors");
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> SafetensorsWriter.write(file, List.of(one, one), Map.of()));
        assertTrue(e.problem().contains("duplicate tensor name 'w'"), e.getMessage());
        assertTrue(Files.notExists(file));
    }

    @Test
    void tensorDataRejectsByteCountThatDoesNotMatchShape() {
        assertThrows(IllegalArgumentException.class,
                () -> TensorData.of("w", SafetensorsDType.F32, new long[] {2}, new byte[7]));
    }
}
