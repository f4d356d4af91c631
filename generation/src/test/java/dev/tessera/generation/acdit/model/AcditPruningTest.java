package dev.tessera.generation.acdit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.sampling.AcditSampler;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.random.NoiseSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruned architectures: the config that names removed parts, the network they build and the files they load from. */
class AcditPruningTest {

    private static final AcditConfig FULL = AcditFixtures.tiny(16, 4, 2).withDepth(3); // 4 blocks, 3 layers
    private static final int WIDTH = FULL.width();
    private static final int ITEMS = 2;

    private static AcditConfig pruned(RemovedPart... parts) {
        return FULL.withRemoved(List.of(parts));
    }

    /** ε of the training pass [clean ; noisy] over every block, with the Skip-Causal mask. */
    private static float[] epsilon(AcditModel model, NDManager m) {
        BlockLayout layout = model.network().layout();
        int n = ITEMS * layout.tokenCount() * FULL.patchFloats();
        Shape tokens = new Shape(ITEMS, layout.tokenCount(), FULL.patchFloats());
        SkipCausalBias bias = SkipCausalBias.of(m, layout.blockCount(), layout.tokensPerBlock());
        float[] times = {900, 10, 300, 600, 1, 999, 450, 250};
        List<AcditCondition> conditions = List.of(
                new AcditCondition.Prompted(AcditFixtures.prompt("a", FULL.promptDim(), 1), EmojiStyle.TWITTER),
                AcditCondition.NONE);
        return model.network().forward(new AcditNetwork.Inputs(
                m.create(NoiseSource.of(4).stream(1).gaussian(n), tokens), 0,
                m.create(times, new Shape(ITEMS, layout.blockCount())), conditions,
                m.create(NoiseSource.of(4).stream(2).gaussian(n), tokens), 0, null, bias.cleanRows(), bias.noisyRows()))
                .noise().toFloatArray();
    }

    /** Zeroes rows [from, to) of an adaLN's weight and bias: with its gate rows zero, a branch adds nothing. */
    private static void zeroRows(AcditModel model, String adaln, long from, long to) {
        for (String suffix : new String[] {".weight", ".bias"}) {
            model.parameters().get(adaln + suffix).set(new NDIndex("{}:{}", from, to), 0);
        }
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** The full model with {@code edit} applied, against the pruned model copied from the unedited one. */
    private static void assertPruningEquals(AcditConfig config, java.util.function.Consumer<AcditModel> edit) {
        try (NDManager m = OfflineEngine.newManager(); AcditModel full = AcditFixtures.perturbed(FULL, 31, m);
                AcditModel prunedModel = AcditModel.initialise(config, 1, m)) {
            prunedModel.copyWeightsFrom(full);
            float[] before = epsilon(full, m);
            edit.accept(full);
            float[] expected = epsilon(full, m);
            assertTrue(maxAbsDiff(before, expected) > 1e-3, "the edit must change the full model's output");
            assertArrayEquals(expected, epsilon(prunedModel, m), 1e-5f, config.removed().toString());
        }
    }

    @Test
    void aRemovedAdalnIsItsBiasForEveryCondition() {
        assertPruningEquals(pruned(new RemovedPart(0, LayerPart.ADALN)),
                full -> full.parameters().get("layers.0.adaln.weight").set(new NDIndex("..."), 0));
    }

    @Test
    void aRemovedLastLayerIsTheLayerWithClosedGates() {
        assertPruningEquals(pruned(new RemovedPart(2, LayerPart.LAYER)), full -> {
            zeroRows(full, "layers.2.adaln", 2 * WIDTH, 3 * WIDTH);
            zeroRows(full, "layers.2.adaln", 5 * WIDTH, 6 * WIDTH);
        });
    }

    @Test
    void aRemovedLastBranchIsTheBranchWithAClosedGate() {
        assertPruningEquals(pruned(new RemovedPart(2, LayerPart.ATTENTION)),
                full -> zeroRows(full, "layers.2.adaln", 2 * WIDTH, 3 * WIDTH));
        assertPruningEquals(pruned(new RemovedPart(2, LayerPart.MLP)),
                full -> zeroRows(full, "layers.2.adaln", 5 * WIDTH, 6 * WIDTH));
    }

    @Test
    void prunedLayersLoseTheirParametersAndTheAdalnRowsOfTheirRemovedBranches() {
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditModel.initialise(
                pruned(new RemovedPart(0, LayerPart.ATTENTION), new RemovedPart(1, LayerPart.LAYER),
                        new RemovedPart(2, LayerPart.ADALN)), 1, m)) {
            var names = model.parameters().names();
            assertFalse(names.stream().anyMatch(n -> n.startsWith("layers.1.")), "layer 1 is gone");
            assertFalse(names.contains("layers.0.attn.qkv.weight") || names.contains("layers.0.clean_norm1.weight"));
            assertTrue(names.contains("layers.0.mlp.fc1.weight") && names.contains("layers.0.clean_norm2.weight"));
            assertEquals(new Shape(3 * WIDTH, WIDTH), model.parameters().get("layers.0.adaln.weight").getShape());
            assertFalse(names.contains("layers.2.adaln.weight"));
            assertEquals(new Shape(6 * WIDTH), model.parameters().get("layers.2.adaln.bias").getShape());
            assertEquals(1, model.network().attentionLayers(), "only layer 2 still attends");
        }
    }

    @Test
    void kvCachedSamplingOfAPrunedModelEqualsRecomputingThePrefix() {
        // Layer 0 lost its attention, so the cache's first entry belongs to layer 2.
        AcditConfig config = pruned(new RemovedPart(0, LayerPart.ATTENTION), new RemovedPart(1, LayerPart.ADALN));
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(config, 32, m)) {
            List<AcditCondition> conditions = List.of(
                    new AcditCondition.Prompted(AcditFixtures.prompt("p", config.promptDim(), 2), EmojiStyle.GOOGLE));
            float[][] images = new float[2][];
            int i = 0;
            for (AcditSampler.ContextMode mode : AcditSampler.ContextMode.values()) {
                images[i++] = new AcditSampler(model, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()), mode)
                        .sample(conditions, new long[] {7}, new AcditGuidance(1.5, 1.0), SamplingOptions.steps(2),
                                BlockListener.NONE).get(0);
            }
            assertTrue(maxAbsDiff(images[0], images[1]) < 1e-4, "KV cache vs recompute: " + maxAbsDiff(images[0], images[1]));
        }
    }

    @Test
    void aPrunedModelRoundTripsThroughItsFileAndAWholeOneKeepsItsBytes(@TempDir Path dir) throws Exception {
        AcditConfig config = pruned(new RemovedPart(2, LayerPart.LAYER), new RemovedPart(0, LayerPart.MLP));
        Path file = dir.resolve("pruned.safetensors");
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(config, 33, m)) {
            AcditModel.save(file, model.parameters(), config, null);
            try (AcditModel loaded = AcditModel.load(file, m)) {
                assertEquals(config, loaded.config());
                assertArrayEquals(epsilon(model, m), epsilon(loaded, m));
            }
        }
        String json = SafetensorsReader.readMetadata(file).get(ModelMetadata.CONFIG_KEY);
        assertTrue(json.endsWith(",\"removed\":[{\"layer\":0,\"part\":\"MLP\"},{\"layer\":2,\"part\":\"LAYER\"}]}"), json);
        // A whole network's config is written exactly as before pruning existed, and such files still load.
        assertEquals("{\"imageSize\":16,\"patchSize\":4,\"blockSide\":2,\"width\":32,\"depth\":3,\"heads\":2,"
                + "\"mlpRatio\":2,\"promptDim\":8,\"ropeBase\":100.0,\"styles\":[\"GOOGLE\",\"TWITTER\"]}",
                ModelMetadata.of(FULL, null).configJson().orElseThrow());
    }

    @Test
    void theShippedModelsConfigReadsBackToItsOwnBytes() throws ModelFileException {
        Path shipped = Path.of("assets/models/acdit-default.safetensors");
        String json = SafetensorsReader.readMetadata(shipped).get(ModelMetadata.CONFIG_KEY);
        AcditConfig config = SafetensorsReader.read(shipped).config(AcditConfig.class, AcditConfig.ABSENT_FIELDS);
        assertFalse(config.isPruned());
        assertEquals(json, ModelMetadata.of(config, null).configJson().orElseThrow());
    }

    @Test
    void aFileWhoseWeightsDoNotFitItsRemovedPartsIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mismatch.safetensors");
        try (NDManager m = OfflineEngine.newManager(); AcditModel whole = AcditModel.initialise(FULL, 1, m)) {
            AcditModel.save(file, whole.parameters(), pruned(new RemovedPart(1, LayerPart.MLP)), null);
            ModelFileException e = assertThrows(ModelFileException.class, () -> AcditModel.load(file, m));
            assertTrue(e.getMessage().contains("mismatch.safetensors") && e.getMessage().contains("layers.1.mlp.fc1.weight"),
                    e.getMessage());
        }
    }

    @Test
    void aConfigWithAnUnknownPartIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unknown-part.safetensors");
        Map<String, String> metadata = new HashMap<>(ModelMetadata.of(FULL, null).toMap());
        String json = metadata.get(ModelMetadata.CONFIG_KEY);
        metadata.put(ModelMetadata.CONFIG_KEY,
                json.substring(0, json.length() - 1) + ",\"removed\":[{\"layer\":1,\"part\":\"NORM\"}]}");
        metadata.put(AcditModel.KIND_KEY, AcditModel.KIND);
        SafetensorsWriter.write(file, List.of(), metadata);
        try (NDManager m = OfflineEngine.newManager()) {
            ModelFileException e = assertThrows(ModelFileException.class, () -> AcditModel.load(file, m));
            assertTrue(e.getMessage().contains("removed"), e.getMessage());
        }
    }

    @Test
    void inconsistentRemovedPartsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> pruned(new RemovedPart(3, LayerPart.MLP)), "no layer 3");
        assertThrows(IllegalArgumentException.class, () -> pruned(new RemovedPart(1, LayerPart.MLP),
                new RemovedPart(1, LayerPart.MLP)), "twice");
        assertThrows(IllegalArgumentException.class, () -> pruned(new RemovedPart(1, LayerPart.LAYER),
                new RemovedPart(1, LayerPart.ADALN)), "a removed layer has no parts left to remove");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> pruned(
                new RemovedPart(1, LayerPart.ATTENTION), new RemovedPart(1, LayerPart.MLP)));
        assertTrue(both.getMessage().contains("remove the whole layer"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RemovedPart(-1, LayerPart.MLP));
        assertEquals(pruned(new RemovedPart(2, LayerPart.LAYER), new RemovedPart(0, LayerPart.MLP)),
                pruned(new RemovedPart(0, LayerPart.MLP), new RemovedPart(2, LayerPart.LAYER)), "order does not matter");
    }

    @Test
    void weightsCopyOnlyIntoAPrunedFormOfTheSameArchitecture() {
        try (NDManager m = OfflineEngine.newManager(); AcditModel full = AcditModel.initialise(FULL, 1, m);
                AcditModel prunedModel = AcditModel.initialise(pruned(new RemovedPart(1, LayerPart.MLP)), 1, m);
                AcditModel prunedWider = AcditModel.initialise(new AcditConfig(16, 4, 2, 64, 3, 2, 2, 8, 100.0,
                        FULL.styles(), List.of(new RemovedPart(1, LayerPart.MLP))), 1, m)) {
            assertThrows(IllegalArgumentException.class, () -> prunedWider.copyWeightsFrom(full));
            assertThrows(IllegalArgumentException.class, () -> full.copyWeightsFrom(prunedModel), "pruned parts cannot grow back");
        }
    }
}
