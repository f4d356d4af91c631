package dev.tessera.generation.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config and provenance survive a file, and wrong types in them fail naming the file and the field. */
class SafetensorsMetadataTest {

    record TinyConfig(int width, String name, double dropout) {}

    @TempDir
    Path dir;

    private static final Provenance PROVENANCE = new Provenance("emoji-32px v1", 12_000, -42L,
            Instant.parse("2025-01-02T03:04:05Z"), "ab8545c", Map.of("fid", 23.5, "loss", 0.031));

    @Test
    void configAndProvenanceRoundTrip() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelMetadata metadata = ModelMetadata.of(new TinyConfig(64, "tiny", 0.1), PROVENANCE)
                .withExtra(Map.of("license", "CC-BY-4.0"));

        SafetensorsWriter.write(file, List.of(), metadata.toMap());
        SafetensorsFile read = SafetensorsReader.read(file);

        assertEquals(new TinyConfig(64, "tiny", 0.1), read.config(TinyConfig.class));
        assertEquals(Optional.of(PROVENANCE), read.modelMetadata().provenance());
        assertEquals(Map.of("license", "CC-BY-4.0"), read.modelMetadata().extra());
        assertEquals("12000", read.metadata().get("tessera.provenance.steps"));
    }

    @Test
    void configWithWrongTypeNamesTheFieldAndTheFile() throws IOException {
        ModelFileException e = configFailure("{\"width\":\"wide\",\"name\":\"tiny\",\"dropout\":0.1}");
        assertTrue(e.problem().contains("does not match TinyConfig"), e.getMessage());
        assertTrue(e.problem().contains("width"), e.getMessage());
    }

    @Test
    void configWithFractionalIntegerIsRejected() throws IOException {
        ModelFileException e = configFailure("{\"width\":1.5,\"name\":\"tiny\",\"dropout\":0.1}");
        assertTrue(e.problem().contains("does not match TinyConfig"), e.getMessage());
    }

    @Test
    void configWithMissingFieldIsRejected() throws IOException {
        ModelFileException e = configFailure("{\"name\":\"tiny\",\"dropout\":0.1}");
        assertTrue(e.problem().contains("width"), e.getMessage());
    }

    @Test
    void configWithUnknownFieldIsRejected() throws IOException {
        ModelFileException e = configFailure("{\"width\":1,\"name\":\"tiny\",\"dropout\":0.1,\"depth\":3}");
        assertTrue(e.problem().contains("depth"), e.getMessage());
    }

    @Test
    void configThatIsNotJsonIsRejected() throws IOException {
        ModelFileException e = configFailure("width=3");
        assertTrue(e.problem().contains("does not match TinyConfig"), e.getMessage());
    }

    @Test
    void missingConfigIsReported() throws IOException {
        Path file = dir.resolve("noconfig.safetensors");
        SafetensorsWriter.write(file, List.of(), Map.of());
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> SafetensorsReader.read(file).config(TinyConfig.class));
        assertTrue(e.problem().contains("no 'tessera.config' entry"), e.getMessage());
    }

    @Test
    void malformedProvenanceNamesTheKey() throws IOException {
        Path file = dir.resolve("prov.safetensors");
        Map<String, String> entries = new java.util.TreeMap<>(PROVENANCE.toMetadata());
        entries.put("tessera.provenance.steps", "many");
        SafetensorsWriter.write(file, List.of(), entries);

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> SafetensorsReader.read(file).modelMetadata());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.problem().contains("'tessera.provenance.steps' must be an integer"), e.getMessage());
    }

    private ModelFileException configFailure(String configJson) throws IOException {
        Path file = dir.resolve("config.safetensors");
        SafetensorsWriter.write(file, List.of(), Map.of(ModelMetadata.CONFIG_KEY, configJson));
        SafetensorsFile read = SafetensorsReader.read(file);
        ModelFileException e = assertThrows(ModelFileException.class, () -> read.config(TinyConfig.class));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e;
    }
}
