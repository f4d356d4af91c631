package dev.tessera.generation.modelfile;

import static dev.tessera.generation.modelfile.MalformedFiles.concat;
import static dev.tessera.generation.modelfile.MalformedFiles.file;
import static dev.tessera.generation.modelfile.MalformedFiles.one;
import static dev.tessera.generation.modelfile.MalformedFiles.withDeclaredLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader never trusts a file: each malformation gives one exception type naming file and problem. */
class SafetensorsMalformedFileTest {

    @TempDir
    Path dir;

    static Stream<Arguments> malformedFiles() {
        String f32x2 = "\"F32\"";
        return Stream.of(
                Arguments.of("empty file", new byte[0], "is truncated"),
                Arguments.of("file shorter than the length prefix", new byte[5], "is truncated"),
                Arguments.of("header length 2^63 - 1", withDeclaredLength(Long.MAX_VALUE, "{}".getBytes()),
                        "exceeds the limit"),
                Arguments.of("header length 2^63 (negative as signed)", withDeclaredLength(Long.MIN_VALUE, "{}".getBytes()),
                        "header length 9223372036854775808 exceeds the limit"),
                Arguments.of("header length 2^64 - 1", withDeclaredLength(-1L, "{}".getBytes()),
                        "header length 18446744073709551615 exceeds the limit"),
                Arguments.of("header length just over 100 MB", withDeclaredLength(100L * 1024 * 1024 + 1, "{}".getBytes()),
                        "exceeds the limit"),
                Arguments.of("header longer than the file", withDeclaredLength(1000, "{}".getBytes()),
                        "is longer than the file"),
                Arguments.of("header of one byte", file("{", 0), "too short"),
                Arguments.of("header not starting with a brace", file("[1, 2]", 0), "does not start with '{'"),
                Arguments.of("non-JSON header", file("{this is not json}", 0), "not valid JSON"),
                Arguments.of("JSON followed by garbage", file("{} trailing", 0), "not valid JSON"),
                Arguments.of("invalid UTF-8 in header", file(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, 0),
                        "not valid UTF-8"),
                Arguments.of("deeply nested header", file("{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 0),
                        "not valid JSON"),
                Arguments.of("unknown dtype", file(one("w", "F8", "[1]", "[0,1]"), 1), "unknown dtype 'F8'"),
                Arguments.of("dtype in lower case", file(one("w", "f32", "[1]", "[0,4]"), 4), "unknown dtype 'f32'"),
                Arguments.of("dtype not a string", file("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                        "dtype must be a string"),
                Arguments.of("missing dtype", file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                        "dtype must be a string"),
                Arguments.of("negative shape entry", file(one("w", "F32", "[-1]", "[0,4]"), 4),
                        "shape entry 0 must be a non-negative integer"),
                Arguments.of("fractional shape entry", file(one("w", "F32", "[1, 2.5]", "[0,4]"), 4),
                        "shape entry 1 must be a non-negative integer"),
                Arguments.of("string shape entry", file(one("w", "F32", "[\"2\"]", "[0,8]"), 8),
                        "shape entry 0 must be a non-negative integer"),
                Arguments.of("shape not an array", file(one("w", "F32", "2", "[0,8]"), 8), "shape must be an array"),
                Arguments.of("shape x dtype size differs from byte range", file(one("w", "F32", "[3]", "[0,8]"), 8),
                        "shape x dtype size is 12 bytes but its data_offsets span 8 bytes"),
                Arguments.of("shape product overflows", file(one("w", "F32", "[4294967296,4294967296,4]", "[0,8]"), 8),
                        "shape overflows"),
                Arguments.of("shape entry beyond 64 bits", file(one("w", "U8", "[100000000000000000000]", "[0,8]"), 8),
                        "shape entry 0 must be a non-negative integer"),
                Arguments.of("data_offsets with three entries", file(one("w", "U8", "[1]", "[0,1,2]"), 2),
                        "data_offsets must be an array of 2 integers"),
                Arguments.of("data_offsets not an array", file(one("w", "U8", "[1]", "\"0-1\""), 1),
                        "data_offsets must be an array of 2 integers"),
                Arguments.of("negative data offset", file(one("w", "U8", "[1]", "[-1,0]"), 1),
                        "data_offsets begin must be a non-negative integer"),
                Arguments.of("data_offsets begin after end", file(one("w", "U8", "[0]", "[4,2]"), 4),
                        "data_offsets begin 4 is after end 2"),
                Arguments.of("overlapping ranges", file("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}", 6), "overlapping ranges"),
                Arguments.of("offsets past the end of the file", file(one("w", "F32", "[4]", "[0,16]"), 8),
                        "past the end of the file"),
                Arguments.of("huge tensor past the end of the file",
                        file(one("w", "U8", "[9223372036854775807]", "[0,9223372036854775807]"), 8),
                        "past the end of the file"),
                Arguments.of("gap between tensors", file("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                        + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,6]}}", 6), "gap of 2 unused bytes"),
                Arguments.of("trailing bytes after the last tensor", file(one("w", "U8", "[2]", "[0,2]"), 5),
                        "3 trailing bytes"),
                Arguments.of("duplicate tensor names", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                        + "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2), "duplicate key"),
                Arguments.of("duplicate metadata keys", file("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", 0),
                        "duplicate key"),
                Arguments.of("metadata not an object", file("{\"__metadata__\":[\"a\"]}", 0),
                        "__metadata__ must be an object"),
                Arguments.of("metadata value not a string", file("{\"__metadata__\":{\"steps\":5}}", 0),
                        "__metadata__ value for 'steps' must be a string"),
                Arguments.of("tensor entry not an object", file("{\"w\":[1,2]}", 0), "tensor 'w' must be an object"),
                Arguments.of("unknown field in tensor entry", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],"
                        + "\"data_offsets\":[0,1],\"extra\":1}}", 1), "unknown field 'extra'"),
                Arguments.of("PyTorch pickle", concat(new byte[] {(byte) 0x80, 0x02, 'c', 'c', 'o', 'l', 'l'}, new byte[32]),
                        "not a safetensors file (looks like a pickle/zip"),
                Arguments.of("PyTorch zip archive", concat(new byte[] {'P', 'K', 3, 4}, new byte[40]),
                        "not a safetensors file (looks like a pickle/zip"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void rejectsMalformedFile(String description, byte[] content, String expectedProblem) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, content);

        ModelFileException e = assertThrows(ModelFileException.class, () -> SafetensorsReader.read(file));

        assertTrue(e.getMessage().startsWith(file.toString()), () -> "message names the file: " + e.getMessage());
        assertTrue(e.problem().contains(expectedProblem),
                () -> "expected '" + expectedProblem + "' in '" + e.problem() + "'");
    }

    @Test
    void missingFileIsReportedAsModelFileException() {
        Path file = dir.resolve("absent.safetensors");
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafetensorsReader.read(file));
        assertEquals("does not exist", e.problem());
    }

    @Test
    void folderIsNotAModelFile() {
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafetensorsReader.read(dir));
        assertEquals("is not a regular file", e.problem());
    }

    @Test
    void formatIsDetectedByContentNotByName() throws IOException {
        Path pickle = dir.resolve("model.safetensors");
        Files.write(pickle, concat(new byte[] {(byte) 0x80, 0x04}, new byte[20]));
        Path real = dir.resolve("weights.bin");
        Files.write(real, file("{}", 0));
        Path text = dir.resolve("notes.safetensors");
        Files.writeString(text, "hello, world", StandardCharsets.UTF_8);

        assertEquals(ModelFileFormat.PICKLE, SafetensorsReader.detectFormat(pickle));
        assertEquals(ModelFileFormat.SAFETENSORS, SafetensorsReader.detectFormat(real));
        assertEquals(ModelFileFormat.UNKNOWN, SafetensorsReader.detectFormat(text));
        assertEquals(0, SafetensorsReader.read(real).tensors().size());
    }
}
