package dev.tessera.generation.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cross-checks reader and writer against byte streams assembled by hand from the format spec. */
class SafetensorsByteLayoutTest {

    @TempDir
    Path dir;

    @Test
    void readsAFileBuiltByHand() throws IOException {
        // Header as another writer might produce it: spaces inside and unaligned trailing padding.
        String json = "{\"b\": {\"dtype\": \"I32\", \"shape\": [], \"data_offsets\": [8, 12]},"
                + " \"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}   ";
        byte[] header = json.getBytes(StandardCharsets.US_ASCII);
        byte[] length = {(byte) header.length, 0, 0, 0, 0, 0, 0, 0};
        byte[] data = {
            0x00, 0x00, (byte) 0x80, 0x3F, // 1.0f
            0x00, 0x00, 0x00, (byte) 0xC0, // -2.0f
            0x2A, 0x00, 0x00, (byte) 0x80, // 0x8000002A = -2147483606
        };
        Path file = dir.resolve("hand.safetensors");
        Files.write(file, MalformedFiles.concat(length, header, data));

        SafetensorsFile read = SafetensorsReader.read(file);

        assertEquals(List.of("a", "b"), List.copyOf(read.tensorsByName().keySet()));
        TensorData a = read.tensor("a").orElseThrow();
        assertEquals(SafetensorsDType.F32, a.dtype());
        assertArrayEquals(new long[] {2}, a.shape());
        assertEquals(1.0f, a.data().getFloat(0));
        assertEquals(-2.0f, a.data().getFloat(4));
        TensorData b = read.tensor("b").orElseThrow();
        assertArrayEquals(new long[0], b.shape());
        assertEquals(-2147483606, b.data().getInt(0));
        assertEquals(Map.of(), read.metadata());
    }

    @Test
    void writerOutputMatchesHandComputedBytes() throws IOException {
        Path file = dir.resolve("fixed.safetensors");
        TensorData b = TensorData.of("b", SafetensorsDType.I8, new long[] {3}, new byte[] {1, -1, 127});
        TensorData a = TensorData.of("a", SafetensorsDType.F16, new long[] {1}, new byte[] {0x00, 0x3C});

        SafetensorsWriter.write(file, List.of(b, a), Map.of("k", "v"));

        // 131 bytes of JSON, padded with 5 spaces to 136 so the data starts at 8 + 136 = 144.
        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]},"
                + "\"b\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[2,5]}}";
        assertEquals(131, json.length());
        byte[] expected = MalformedFiles.concat(
                new byte[] {(byte) 136, 0, 0, 0, 0, 0, 0, 0},
                json.getBytes(StandardCharsets.US_ASCII),
                "     ".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0x00, 0x3C, 1, -1, 127});
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void headerIsPaddedSoDataStartsOnAnEightByteBoundary() throws IOException {
        for (int nameLength = 1; nameLength <= 9; nameLength++) {
            Path file = dir.resolve("pad" + nameLength + ".safetensors");
            String name = "x".repeat(nameLength);
            SafetensorsWriter.write(file, List.of(TensorData.of(name, SafetensorsDType.U8, new long[] {1}, new byte[] {7})),
                    Map.of());
            byte[] bytes = Files.readAllBytes(file);
            long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, (8 + headerLength) % 8, "data offset for name length " + nameLength);
            assertEquals(7, bytes[(int) (8 + headerLength)]);
        }
    }
}
