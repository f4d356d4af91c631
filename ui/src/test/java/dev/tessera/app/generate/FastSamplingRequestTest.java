package dev.tessera.app.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.png.A1111Parameters;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.acdit.sampling.StepSchedule;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step schedules, step caching and presets from the request to the PNG's recipe and back (issue 25). */
class FastSamplingRequestTest {

    @TempDir static Path models;
    @TempDir Path out;
    private static Path modelFile;

    private static final String VERSION_4 = "{\"version\":4,\"prompt\":\"cat face\",\"style\":\"google\",\"seed\":7,"
            + "\"steps\":25,\"guidance\":4,\"styleStrength\":1,\"sampler\":\"dpm++2m\",\"model\":\"acdit-default\","
            + "\"modelHash\":\"0123456789\",\"width\":32,\"height\":32,\"batch\":{\"index\":0,\"size\":1},"
            + "\"negativePrompt\":\"\"}";

    @BeforeAll
    static void writeTinyModel() throws Exception {
        // 16×16 in 2×2 blocks of 2×2 tokens: four block positions for a schedule to tell apart.
        modelFile = TinyAcditModelFile.write(models.resolve("tiny.safetensors"), TinyAcditModelFile.config(16, 2));
    }

    private static GenerationRequest base() {
        return new GenerationRequest("cat face", "twitter", 7, 3, 1.5, 0.75, SamplerKind.DPM_SOLVER_PP_2M, 2);
    }

    @Test
    void presetsMapToTheirMeasuredSettings() {
        for (Preset p : Preset.values()) {
            assertEquals(p, Preset.fromId(p.id().toUpperCase(java.util.Locale.ROOT)));
            GenerationRequest r = base().withSpeed(Speed.of(p));
            assertEquals(p.schedule().stepsFor(0), r.steps(), "a preset's schedule sets the steps");
            assertEquals(p.schedule(), r.blockSteps());
            assertEquals(p.stepCache(), r.speed().stepCache());
            assertEquals(p, r.speed().preset());
            assertFalse(p.summary().isBlank());
        }
        assertEquals(StepSchedule.uniform(GenerationRequest.DEFAULT_STEPS), Preset.QUALITY.schedule());
        // Each preset does less work on a 4-block image than the one before it: fewer calls, or as many with
        // step caching skipping layers.
        assertEquals(0.0, Preset.QUALITY.stepCache());
        assertTrue(lessWork(Preset.BALANCED, Preset.QUALITY));
        assertTrue(lessWork(Preset.FAST, Preset.BALANCED));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.fromId("turbo"));
        assertEquals("unknown preset \"turbo\": choose quality, balanced, fast", e.getMessage());
    }

    private static boolean lessWork(Preset faster, Preset slower) {
        int calls = faster.schedule().totalSteps(4);
        int slowerCalls = slower.schedule().totalSteps(4);
        return calls < slowerCalls || calls == slowerCalls && faster.stepCache() > slower.stepCache();
    }

    @Test
    void stepsMustAgreeWithTheSchedulesFirstBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GenerationRequest("cat face",
                "google", 1, 25, 4, 1, null, 1, "", null, new Speed(StepSchedule.parse("16,8"), 0, null)));
        assertTrue(e.getMessage().contains("steps 25 disagree with the step schedule 16,8"), e.getMessage());
        GenerationRequest scheduled = base().withSpeed(new Speed(StepSchedule.parse("16,8"), 0.1, Preset.BALANCED));
        GenerationRequest uniform = scheduled.withSteps(10);
        assertEquals(StepSchedule.uniform(10), uniform.blockSteps());
        assertNull(uniform.speed().preset(), "steps set by hand are no longer the preset's");
        assertEquals(0.1, uniform.speed().stepCache());
        assertThrows(IllegalArgumentException.class, () -> new Speed(null, -1, null));
    }

    @Test
    void speedSettingsRoundTripThroughTheRecipeAndTheParametersText() {
        GenerationRequest request = base().withSpeed(new Speed(StepSchedule.parse("3,2,1"), 0.05, null));
        Recipe recipe = Recipe.of(request, 1, "tiny", "0123456789", 16);
        Recipe back = Recipe.fromJson(recipe.toJson());
        assertEquals(recipe, back);
        assertEquals("3,2,1", back.blockSteps());
        assertEquals(request.speed(), back.request().speed());
        assertEquals(request.withSeed(8).withCount(1), back.request());
        String a1111 = back.toA1111().format();
        assertTrue(a1111.contains("Block steps: 3 2 1, Step cache: 0.05, Size: 16x16"), a1111);
        Recipe preset = Recipe.fromJson(Recipe.of(base().withSpeed(Speed.of(Preset.FAST)), 0, "m", "0123456789", 16).toJson());
        assertEquals("fast", preset.preset());
        assertEquals(Preset.FAST, preset.request().speed().preset());
        assertTrue(preset.toA1111().format().contains("Preset: fast"), preset.toA1111().format());
    }

    @Test
    void listsShowEveryBlockPositionsStepsNotOnlyTheFirsts() {
        GenerationRequest balanced = base().withSpeed(Speed.of(Preset.BALANCED));
        assertEquals("16,8 steps (balanced)", balanced.describeSteps());
        assertEquals("16,8 steps (balanced)", Recipe.of(balanced, 0, "m", "0123456789", 32).describeSteps());
        assertEquals("16,8", Recipe.of(balanced, 0, "m", "0123456789", 32).stepsPerBlock());
        GenerationRequest byHand = base().withSpeed(new Speed(StepSchedule.parse("3,2,1"), 0.05, null));
        assertEquals("3,2,1 steps, step cache 0.05", byHand.describeSteps());
        assertEquals("3 steps", base().describeSteps());
        assertEquals("25 steps", Recipe.fromJson(VERSION_4).describeSteps());
    }

    @Test
    void anOlderRecipeReadsAsUniformStepsWithoutCaching() {
        Recipe old = Recipe.fromJson(VERSION_4);
        assertNull(old.blockSteps());
        assertEquals(0.0, old.stepCache());
        assertEquals(Speed.DEFAULT, old.request().speed());
        assertEquals(StepSchedule.uniform(25), old.request().blockSteps());
        String json = Recipe.of(old.request(), 0, old.model(), old.modelHash(), 32).toJson();
        assertFalse(json.contains("blockSteps") || json.contains("stepCache") || json.contains("preset"),
                "default speed settings are not written: " + json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.fromJson(VERSION_4.replace("\"version\":4", "\"version\":5,\"blockSteps\":\"25,x\"")));
        assertTrue(e.getMessage().contains("entry 2 (\"x\")"), e.getMessage());
    }

    @Test
    void aScheduledAndCachedImageReplaysToTheSamePixels() throws Exception {
        GenerationRequest request = base().withSpeed(new Speed(StepSchedule.parse("3,2,1"), 0.3, null));
        try (GenerationService service = GenerationService.open(modelFile)) {
            List<Path> files = service.renderToFolder(request, out, BlockListener.NONE, CancellationToken.none());
            Recipe recipe = RecipePng.readRecipe(files.get(1)).orElseThrow();
            assertEquals("3,2,1", recipe.blockSteps());
            assertEquals(0.3, recipe.stepCache());
            A1111Parameters a1111 = RecipePng.readA1111(files.get(1)).orElseThrow();
            assertTrue(a1111.format().contains("Block steps: 3 2 1, Step cache: 0.3"), a1111.format());
            List<Path> replayed = service.renderToFolder(recipe.batchRequest(), out.resolve("replay"), BlockListener.NONE,
                    CancellationToken.none());
            assertArrayEquals(pixels(files.get(1)), pixels(replayed.get(recipe.batch().index())));
            // The schedule is what runs: each block position takes its own steps.
            List<String> heard = new java.util.ArrayList<>();
            service.render(recipe.batchRequest(), new BlockListener() {
                @Override
                public void onStep(BlockStep step) {
                    heard.add(step.block() + ":" + step.stepsPerBlock() + ":" + step.stepsDone() + "/" + step.imageSteps());
                }
            }, CancellationToken.none());
            assertEquals(List.of("0:3:1/7", "0:3:2/7", "0:3:3/7", "1:2:4/7", "1:2:5/7", "2:1:6/7", "3:1:7/7"), heard);
        }
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
