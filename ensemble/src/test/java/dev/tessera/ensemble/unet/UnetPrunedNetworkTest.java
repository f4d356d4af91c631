package dev.tessera.ensemble.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.StrictJson;
import dev.tessera.generation.random.NoiseSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A pruned U-Net (UnetConfig.removed): what a removed block computes, its config in JSON, its model file. */
class UnetPrunedNetworkTest {

    private static final UnetConfig TINY = UnetFixtures.tiny();

    @TempDir
    Path folder;

    @Test
    void theRemovablePartsAreEveryResBlockAndAttentionInForwardOrder() {
        assertEquals(List.of("down.0.res.0", "down.1.res.0", "down.1.attn.0", "mid.res1", "mid.attn", "mid.res2",
                "up.1.res.0", "up.1.attn.0", "up.1.res.1", "up.1.attn.1", "up.0.res.0", "up.0.res.1"),
                TINY.removableParts());
        assertEquals(List.of("down.1.attn.0", "up.0.res.1"), TINY.withRemoved(List.of("up.0.res.1", "down.1.attn.0")).removed(),
                "kept in forward order");
        assertEquals(23, UnetFixtures.expert().removableParts().size());
    }

    /**
     * Removing a ResBlock leaves its skip path, removing an attention the identity: exactly what the whole network
     * computes once the branch's last layer (conv2, proj) is zero.
     */
    @ParameterizedTest
    @ValueSource(strings = {"down.0.res.0", "down.1.res.0", "mid.attn", "up.1.attn.1", "up.0.res.0"})
    void aRemovedBlockComputesWhatTheWholeNetworkDoesWithItsBranchZeroed(String part) {
        String lastLayer = part.contains("attn") ? part + ".proj." : part + ".conv2.";
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel whole = UnetFixtures.perturbed(TINY, 8, 0.05, manager);
                UnetModel pruned = UnetModel.initialise(TINY.withRemoved(List.of(part)), 0, manager)) {
            pruned.copyWeightsFrom(whole);
            float[] before = predict(whole, manager);
            whole.parameters().asMap().forEach((name, p) -> {
                if (name.startsWith(lastLayer)) {
                    p.muli(0);
                }
            });
            float[] zeroed = predict(whole, manager);
            assertFalse(java.util.Arrays.equals(before, zeroed), "the branch mattered");
            assertArrayEquals(zeroed, predict(pruned, manager), 1e-6f, part);
        }
    }

    @Test
    void aPrunedNetworkHoldsOnlyTheKeptPartsAndARemovedResBlocksSkipConvolution() {
        UnetConfig pruned = TINY.withRemoved(List.of("down.0.res.0", "up.0.res.0", "mid.attn"));
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel whole = UnetModel.initialise(TINY, 0, manager);
                UnetModel model = UnetModel.initialise(pruned, 0, manager)) {
            Set<String> names = model.parameters().names();
            assertTrue(names.stream().noneMatch(n -> n.startsWith("down.0.res.0.") || n.startsWith("mid.attn.")), names.toString());
            assertEquals(Set.of("up.0.res.0.skip.weight", "up.0.res.0.skip.bias"),
                    names.stream().filter(n -> n.startsWith("up.0.res.0.")).collect(java.util.stream.Collectors.toSet()));
            assertTrue(whole.parameters().names().containsAll(names));
            assertEquals(model.network().aggregationPoints(), whole.network().aggregationPoints(),
                    "the same stages and aggregation points");
        }
    }

    @Test
    void aWholeConfigWritesNoRemovedFieldAndAPrunedOneReadsBackStrictly() throws Exception {
        String whole = StrictJson.mapper().writeValueAsString(TINY);
        assertFalse(whole.contains("removed"), whole);
        assertEquals(TINY, StrictJson.mapper().readValue(whole, UnetConfig.class), "a file without the field is whole");
        UnetConfig pruned = TINY.withRemoved(List.of("up.0.res.1", "mid.attn"));
        String json = StrictJson.mapper().writeValueAsString(pruned);
        assertTrue(json.endsWith(",\"removed\":[\"mid.attn\",\"up.0.res.1\"]}"), json);
        assertEquals(pruned, StrictJson.mapper().readValue(json, UnetConfig.class));
        assertEquals(TINY, pruned.unpruned());
        assertTrue(pruned.isPruned() && !TINY.isPruned());

        Exception unknown = assertThrows(Exception.class, () -> StrictJson.mapper().readValue(
                whole.replace("}", ",\"removed\":[\"up.7.res.0\"]}"), UnetConfig.class));
        assertTrue(rootMessage(unknown).contains("removed part 'up.7.res.0' is no ResBlock or attention"), rootMessage(unknown));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> TINY.withRemoved(List.of("mid.attn", "mid.attn")));
        assertTrue(twice.getMessage().contains("'mid.attn' is listed as removed twice"), twice.getMessage());
        IllegalArgumentException resampling = assertThrows(IllegalArgumentException.class,
                () -> TINY.withRemoved(List.of("down.0.downsample")));
        assertTrue(resampling.getMessage().contains("whose removable parts are [down.0.res.0"), resampling.getMessage());
        Exception extra = assertThrows(Exception.class, () -> StrictJson.mapper().readValue(
                whole.replace("}", ",\"pruned\":true}"), UnetConfig.class));
        assertTrue(rootMessage(extra).contains("pruned"), rootMessage(extra));
    }

    @Test
    void aPrunedModelFileLoadsToTheSamePredictionsAndTensorsOfTheWrongArchitectureAreRefused() throws Exception {
        UnetConfig pruned = TINY.withRemoved(List.of("up.1.res.1", "up.1.attn.1"));
        Path file = folder.resolve("pruned.safetensors");
        Path mislabelled = folder.resolve("mislabelled.safetensors");
        float[] before;
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel whole = UnetFixtures.perturbed(TINY, 9, 0.05, manager);
                UnetModel model = UnetModel.initialise(pruned, 0, manager)) {
            model.copyWeightsFrom(whole);
            before = predict(model, manager);
            assertNotEquals(predict(whole, manager)[0], before[0]);
            UnetModel.save(file, model.parameters(), pruned, null);
            UnetModel.save(mislabelled, whole.parameters(), pruned, null);
            IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class, () -> whole.copyWeightsFrom(model));
            assertTrue(backwards.getMessage().contains("a pruned form of it"), backwards.getMessage());
        }
        assertTrue(SafetensorsReader.readMetadata(file).get(ModelMetadata.CONFIG_KEY)
                .contains("\"removed\":[\"up.1.res.1\",\"up.1.attn.1\"]"));
        try (NDManager manager = OfflineEngine.newManager(); UnetModel loaded = UnetModel.load(file, manager)) {
            assertEquals(pruned, loaded.config());
            assertArrayEquals(before, predict(loaded, manager));
            ModelFileException e = assertThrows(ModelFileException.class, () -> UnetModel.load(mislabelled, manager));
            assertTrue(e.getMessage().contains("mislabelled.safetensors") && e.getMessage().contains("holds parameters"),
                    e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" | ");
        }
        return text.toString();
    }

    private static float[] predict(UnetModel model, NDManager manager) {
        int s = model.config().imageSize();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(NoiseSource.of(2).stream(0).gaussian(2 * 3 * s * s), new Shape(2, 3, s, s));
            return model.network().forward(x, scope.create(new float[] {30, 700}), UnetFixtures.conditions(model.config(), 2))
                    .toFloatArray();
        }
    }
}
