package dev.tessera.ensemble.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.random.NoiseSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnetModelTest {

    @TempDir
    Path folder;

    @Test
    void theExpertArchitectureFitsInTenMegabytesAndHasItsNamedParts() {
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetModel.initialise(UnetFixtures.expert(), 1, manager)) {
            long bytes = model.parameters().byteCount();
            assertTrue(bytes <= 10_000_000, "an expert takes " + bytes + " bytes in F32");
            assertTrue(bytes > 5_000_000, "the expert is meant to use most of its budget, takes " + bytes);
            var names = model.parameters().names();
            for (String name : List.of("time.fc1.weight", "cond.prompt.weight", "cond.style", "cond.null",
                    "conv_in.weight", "down.0.res.0.film.weight", "down.0.downsample.weight", "down.1.res.0.skip.weight",
                    "down.2.attn.1.qkv.weight", "mid.attn.proj.weight", "mid.res2.conv2.weight", "up.2.res.2.skip.weight",
                    "up.2.attn.2.proj.bias", "up.1.upsample.weight", "out_norm.weight", "conv_out.weight")) {
                assertTrue(names.contains(name), name + " missing from " + names);
            }
            assertTrue(names.stream().noneMatch(n -> n.startsWith("down.0.attn") || n.startsWith("up.0.upsample")
                    || n.startsWith("down.2.downsample")), "only the 8-px level attends; no resampling past the ends");
            assertEquals(new Shape(32, 3, 3, 3), model.parameters().get("conv_in.weight").getShape());
            // up.2.res.0 reads [mid output 64 ; skip 64]; up.0.res.2 reads [32 ; conv_in's 32].
            assertEquals(new Shape(64, 128, 3, 3), model.parameters().get("up.2.res.0.conv1.weight").getShape());
            assertEquals(new Shape(32, 64, 3, 3), model.parameters().get("up.0.res.2.conv1.weight").getShape());
        }
    }

    @Test
    void aFreshNetworkPredictsZeroNoise() {
        UnetConfig config = UnetFixtures.tiny();
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetModel.initialise(config, 4, manager)) {
            NDArray x = manager.create(NoiseSource.of(1).stream(0).gaussian(2 * 3 * 16 * 16), new Shape(2, 3, 16, 16));
            NDArray eps = model.network().forward(x, manager.create(new float[] {10, 900}), UnetFixtures.conditions(config, 2));
            assertEquals(x.getShape(), eps.getShape());
            assertEquals(0f, eps.abs().max().getFloat());
        }
    }

    @Test
    void eachImagesNoiseDependsOnlyOnItsOwnInputs() {
        UnetConfig config = UnetFixtures.tiny();
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetFixtures.perturbed(config, 4, 0.05, manager)) {
            float[] data = NoiseSource.of(1).stream(0).gaussian(3 * 3 * 16 * 16);
            List<AcditCondition> conditions = UnetFixtures.conditions(config, 3);
            float[] together = model.network().forward(manager.create(data, new Shape(3, 3, 16, 16)),
                    manager.create(new float[] {10, 500, 999}), conditions).toFloatArray();
            float[] second = new float[3 * 16 * 16];
            System.arraycopy(data, second.length, second, 0, second.length);
            float[] alone = model.network().forward(manager.create(second, new Shape(1, 3, 16, 16)),
                    manager.create(new float[] {500}), List.of(conditions.get(1))).toFloatArray();
            for (int i = 0; i < alone.length; i++) {
                assertEquals(together[alone.length + i], alone[i], 1e-5, "element " + i);
            }
            float[] dropped = model.network().forward(manager.create(second, new Shape(1, 3, 16, 16)),
                    manager.create(new float[] {500}), List.of(AcditCondition.NONE)).toFloatArray();
            assertNotEquals(alone[0], dropped[0], "the condition changes the prediction");
        }
    }

    @Test
    void nearestUpsamplingCopiesEachPixelIntoASquare() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray x = manager.arange(12f).reshape(1, 3, 2, 2);
            float[] up = UnetStage.nearestTwice(x).toFloatArray();
            assertEquals(48, up.length);
            // channel 1, output row 3, col 2 comes from input row 1, col 1: value 4 + 3 = 7.
            assertEquals(7f, up[16 + 3 * 4 + 2]);
            assertArrayEquals(new float[] {0, 0, 1, 1}, java.util.Arrays.copyOfRange(up, 0, 4));
            assertArrayEquals(new float[] {0, 0, 1, 1}, java.util.Arrays.copyOfRange(up, 4, 8));
        }
    }

    @Test
    void aSavedModelLoadsToTheSamePredictionsAndItsConfigReadsBackStrictly() throws Exception {
        UnetConfig config = UnetFixtures.tiny();
        Path file = folder.resolve("tiny.safetensors");
        float[] before;
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetFixtures.perturbed(config, 5, 0.05, manager)) {
            before = predict(model, manager);
            UnetModel.save(file, model.parameters(), config,
                    new Provenance("test", 0, 5, Instant.parse("2026-01-01T00:00:00Z"), "none", Map.of()));
        }
        Map<String, String> metadata = SafetensorsReader.readMetadata(file);
        assertEquals("unet", metadata.get("tessera.model"));
        assertEquals("{\"imageSize\":16,\"channels\":16,\"channelMultipliers\":[1,2],\"resBlocks\":1,"
                + "\"attentionResolutions\":[8],\"groups\":4,\"heads\":2,\"promptDim\":8,"
                + "\"styles\":[\"GOOGLE\",\"TWITTER\"]}", metadata.get(ModelMetadata.CONFIG_KEY));
        try (NDManager manager = OfflineEngine.newManager(); UnetModel loaded = UnetModel.load(file, manager)) {
            assertEquals(config, loaded.config());
            assertArrayEquals(before, predict(loaded, manager));
            assertEquals("test", loaded.provenance().dataset());
        }
    }

    @Test
    void otherModelKindsAndBadConfigsAreRefusedWithTheirReason() throws Exception {
        Path acdit = TinyAcditModelFile.write(folder.resolve("acdit.safetensors"));
        try (NDManager manager = OfflineEngine.newManager()) {
            ModelFileException wrongKind = assertThrows(ModelFileException.class, () -> UnetModel.load(acdit, manager));
            assertTrue(wrongKind.getMessage().contains("is not a U-Net model (model kind: acdit)"), wrongKind.getMessage());
        }
        IllegalArgumentException groups = assertThrows(IllegalArgumentException.class, () -> new UnetConfig(16, 12,
                List.of(1, 2), 1, List.of(8), 8, 2, 8, List.of(EmojiStyle.GOOGLE)));
        assertTrue(groups.getMessage().contains("8 groups do not divide level 0's 12 channels"), groups.getMessage());
        IllegalArgumentException resolution = assertThrows(IllegalArgumentException.class, () -> new UnetConfig(16, 16,
                List.of(1, 2), 1, List.of(4), 4, 2, 8, List.of(EmojiStyle.GOOGLE)));
        assertTrue(resolution.getMessage().contains("attention resolution 4 is none of the levels' [16, 8]"),
                resolution.getMessage());
    }

    @Test
    void anExpertStartsFromTheBaseBitForBitAndRefusesAnotherArchitecture() {
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel base = UnetFixtures.perturbed(UnetFixtures.tiny(), 6, 0.05, manager);
                UnetModel expert = UnetModel.initialise(UnetFixtures.tiny(), 7, manager);
                UnetModel other = UnetModel.initialise(UnetFixtures.expert(), 7, manager)) {
            expert.copyWeightsFrom(base);
            assertArrayEquals(predict(base, manager), predict(expert, manager));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.copyWeightsFrom(base));
            assertTrue(e.getMessage().contains("the architecture must be the same"), e.getMessage());
        }
    }

    private static float[] predict(UnetModel model, NDManager manager) {
        UnetConfig config = model.config();
        int s = config.imageSize();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(NoiseSource.of(2).stream(0).gaussian(2 * 3 * s * s), new Shape(2, 3, s, s));
            return model.network().forward(x, scope.create(new float[] {30, 700}), UnetFixtures.conditions(config, 2)).toFloatArray();
        }
    }

    /** Prompted conditions of alternating styles. */
}
