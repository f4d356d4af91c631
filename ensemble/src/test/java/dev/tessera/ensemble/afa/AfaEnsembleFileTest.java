package dev.tessera.ensemble.afa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetFixtures;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.io.FileDigests;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble model file: a round trip, and a clear one-line error for each way its experts can go wrong. */
class AfaEnsembleFileTest {

    @TempDir
    Path folder;

    @Test
    void anEnsembleFileRoundTripsItsAggregatorAndNamesItsExpertsByRelativePathAndHash() throws Exception {
        UnetConfig config = UnetFixtures.tiny();
        List<Path> experts = AfaFixtures.expertFiles(folder.resolve("experts"), config, 2, 60);
        Path file = folder.resolve("ensembles/afa.safetensors");
        Files.createDirectories(file.getParent());
        float[] before;
        Map<String, float[]> weights = new HashMap<>();
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(experts, new AggregatorConfig(8), 5, manager)) {
            AfaFixtures.perturb(ensemble.aggregatorParameters(), 3, 0.3);
            ensemble.aggregatorParameters().asMap().forEach((name, p) -> weights.put(name, p.toFloatArray()));
            before = eps(ensemble, manager, config);
            ensemble.save(file, AfaFixtures.PROVENANCE);
        }
        Map<String, String> metadata = SafetensorsReader.readMetadata(file);
        assertEquals("ensemble", metadata.get("tessera.model"));
        EnsembleConfig stored = AfaEnsemble.checkHeader(file);
        assertEquals(config, stored.architecture());
        assertEquals(new AggregatorConfig(8), stored.aggregator());
        assertEquals(List.of(new ExpertReference("../experts/expert-0.safetensors", FileDigests.sha256(experts.get(0))),
                new ExpertReference("../experts/expert-1.safetensors", FileDigests.sha256(experts.get(1)))),
                stored.experts());
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble loaded = AfaEnsemble.load(file, manager)) {
            loaded.aggregatorParameters().asMap().forEach((name, p) ->
                    assertArrayEquals(weights.get(name), p.toFloatArray(), 0f, name));
            assertArrayEquals(before, eps(loaded, manager, config), 0f, "the loaded ensemble predicts the same ε");
            assertEquals(2, loaded.experts().size());
        }
    }

    @Test
    void aMissingExpertIsNamed() throws Exception {
        Path file = savedEnsemble(2);
        Files.delete(folder.resolve("expert-1.safetensors"));
        String message = loadError(file);
        assertTrue(message.contains("expert 2 of 2 'expert-1.safetensors' is missing"), message);
    }

    @Test
    void aChangedExpertIsRefusedWithTheExpectedAndFoundHashes() throws Exception {
        Path file = savedEnsemble(2);
        Path expert = folder.resolve("expert-0.safetensors");
        String expected = FileDigests.sha256(expert);
        AfaFixtures.writeExpert(expert, UnetFixtures.tiny(), 99);
        String message = loadError(file);
        assertTrue(message.contains("expert 1 of 2 'expert-0.safetensors' has changed since the ensemble was made"),
                message);
        assertTrue(message.contains("expected SHA-256 " + expected + ", found " + FileDigests.sha256(expert)), message);
    }

    @Test
    void expertsOfDifferentArchitecturesAreRefusedNamingTheFieldsThatDiffer() throws Exception {
        Path file = savedEnsemble(2);
        UnetConfig tiny = UnetFixtures.tiny();
        UnetConfig narrower = new UnetConfig(tiny.imageSize(), 8, tiny.channelMultipliers(), tiny.resBlocks(),
                tiny.attentionResolutions(), tiny.groups(), tiny.heads(), tiny.promptDim(), tiny.styles());
        Path other = AfaFixtures.writeExpert(folder.resolve("expert-1.safetensors"), narrower, 7);
        String message = loadError(file);
        assertTrue(message.contains("experts of different architectures: expert 2 of 2 'expert-1.safetensors'"
                + " differs from the ensemble's architecture in channels 8 (not 16)"), message);
        // Assembling a new ensemble from such experts is refused too, naming the odd file.
        try (NDManager manager = OfflineEngine.newManager()) {
            ModelFileException e = assertThrows(ModelFileException.class, () -> AfaEnsemble.assemble(
                    List.of(folder.resolve("expert-0.safetensors"), other), new AggregatorConfig(8), 1, manager));
            assertEquals(other, e.file());
            assertTrue(e.getMessage().contains("experts of different architectures"), e.getMessage());
        }
    }

    @Test
    void anAggregatorMadeForAnotherNumberOfExpertsIsRefused() throws Exception {
        Path two = savedEnsemble(2);
        Path three = folder.resolve("three.safetensors");
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(AfaFixtures.expertFiles(folder, UnetFixtures.tiny(), 3, 70),
                        new AggregatorConfig(8), 5, manager)) {
            ensemble.save(three, AfaFixtures.PROVENANCE);
        }
        // The two-expert aggregator's weights under the three-expert ensemble's metadata.
        SafetensorsFile weights = SafetensorsReader.read(two);
        Path mixed = folder.resolve("mixed.safetensors");
        SafetensorsWriter.write(mixed, weights.tensors(), SafetensorsReader.readMetadata(three));
        String message = loadError(mixed);
        assertTrue(message.contains("the aggregator was made for 2 experts but the ensemble names 3"), message);
    }

    @Test
    void aFileOfAnotherKindIsRefusedByItsKind() throws Exception {
        Path expert = AfaFixtures.writeExpert(folder.resolve("unet.safetensors"), UnetFixtures.tiny(), 1);
        String message = loadError(expert);
        assertTrue(message.contains("is not an ensemble model (model kind: unet)"), message);
    }

    @Test
    void theConfigJsonIsTheRecordsFields() throws Exception {
        Path file = savedEnsemble(2);
        var json = new ObjectMapper().readTree(SafetensorsReader.readMetadata(file).get("tessera.config"));
        assertEquals(List.of("architecture", "experts", "aggregator"), iterate(json.fieldNames()));
        assertEquals(List.of("google", "twitter").size(), json.get("architecture").get("styles").size());
        assertEquals(EmojiStyle.GOOGLE, UnetFixtures.tiny().styles().get(0));
        assertEquals(List.of("file", "sha256"), iterate(json.get("experts").get(0).fieldNames()));
    }

    /** An ensemble of {@code count} tiny experts in the test folder, saved beside them. */
    private Path savedEnsemble(int count) throws Exception {
        List<Path> experts = AfaFixtures.expertFiles(folder, UnetFixtures.tiny(), count, 80);
        Path file = folder.resolve("ensemble-" + count + ".safetensors");
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(experts, new AggregatorConfig(8), 5, manager)) {
            AfaFixtures.perturb(ensemble.aggregatorParameters(), 3, 0.3);
            ensemble.save(file, AfaFixtures.PROVENANCE);
        }
        return file;
    }

    /** The one-line message loading {@code file} fails with; it names the file, and checking the header fails alike. */
    private static String loadError(Path file) {
        ModelFileException header = assertThrows(ModelFileException.class, () -> AfaEnsemble.checkHeader(file));
        try (NDManager manager = OfflineEngine.newManager()) {
            ModelFileException e = assertThrows(ModelFileException.class, () -> AfaEnsemble.load(file, manager).close());
            assertEquals(file, e.file());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            assertEquals(0, manager.getManagedArrays().size(), "a refused file leaves nothing allocated");
            assertEquals(e.getMessage(), header.getMessage(), "checking the header finds the same problem");
            return e.getMessage();
        }
    }

    private static float[] eps(AfaEnsemble ensemble, NDManager manager, UnetConfig config) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray eps = ensemble.network().forward(AfaAggregatorTest.noisy(scope, config, 2),
                    scope.create(new float[] {20, 500}), UnetFixtures.conditions(config, 2));
            return eps.toFloatArray();
        }
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
