package dev.tessera.generation.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading only the metadata validates the header exactly as a full read does. */
class SafetensorsMetadataOnlyTest {

    @TempDir Path dir;

    @Test
    void metadataMatchesAFullReadAndBadFilesAreStillRefused() throws Exception {
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(TensorData.of("w", SafetensorsDType.F32, new long[] {4}, new byte[16])),
                Map.of("tessera.model", "acdit"));
        assertEquals(SafetensorsReader.read(file).metadata(), SafetensorsReader.readMetadata(file));
        assertEquals("acdit", SafetensorsReader.readMetadata(file).get("tessera.model"));

        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("t.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThrows(ModelFileException.class, () -> SafetensorsReader.readMetadata(truncated));
    }
}
