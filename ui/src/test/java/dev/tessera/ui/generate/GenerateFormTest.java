package dev.tessera.ui.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.history.ImportedSettings;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.settings.GenerateSettings;
import dev.tessera.app.settings.SeedMode;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import dev.tessera.app.video.ClipSettings;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

/** The Generate form without any window. */
class GenerateFormTest {

    private static InstalledModel model(String name, String kind) {
        return new InstalledModel(name, InstalledModel.Source.USER, Path.of(name + ".safetensors"), 1, kind, "");
    }

    private static GenerateForm form() {
        GenerateForm form = new GenerateForm(() -> 99);
        form.setModels(List.of(model("judge", "judge"), model("a", "acdit"), model("b", "acdit"),
                new InstalledModel("broken", InstalledModel.Source.USER, Path.of("x"), 1, "unreadable", "bad header")));
        form.promptProperty().set("cat face");
        return form;
    }

    @Test
    void offersOnlyReadableAcditModels() {
        GenerateForm form = form();
        assertEquals(List.of("a", "b"), form.models().stream().map(InstalledModel::name).toList());
        form.setModels(List.of(model("judge", "judge"), model("u", "unet"), model("e", "ensemble"), model("a", "acdit")));
        assertEquals(List.of("u", "e", "a"), form.models().stream().map(InstalledModel::name).toList(),
                "U-Nets and ensembles render images too");
        form.setModels(List.of(model("a", "acdit"), model("b", "acdit")));
        assertEquals("a", form.modelProperty().get().name());
        form.setModels(List.of());
        assertTrue(form.modelErrorProperty().get().startsWith("No ACDiT model is installed."));
        assertFalse(form.validProperty().get());
    }

    @Test
    void aVideoModelBringsClipFieldsWithTheModelsRulesAndAnImageModelTakesThemAway(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path picture = dir.resolve("pic.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB),
                "png", picture.toFile());
        Path twin = Path.of("generation", "src", "test", "resources", "parity", "acdit-video-twin-model.safetensors");
        InstalledModel video = new InstalledModel("video", InstalledModel.Source.USER, twin, 1, "acdit", "");
        GenerateForm form = form();
        form.setModels(List.of(model("a", "acdit"), video));
        form.initImageProperty().set(picture.toString());
        assertFalse(form.videoProperty().get());
        assertTrue(form.clipSettings().isEmpty());

        form.modelProperty().set(video);
        assertTrue(form.videoProperty().get());
        assertEquals("4", form.framesProperty().get(), "the model's training length");
        assertEquals(new ClipSettings(4, 0, 8, true), form.clipSettings().orElseThrow(), "opening with a still, as the CLI");
        form.stillOpeningProperty().set(false);
        assertEquals(new ClipSettings(4, 0, 8), form.clipSettings().orElseThrow());
        assertTrue(form.request().orElseThrow().init() == null, "a clip starts from noise, whatever picture is chosen");
        form.framesProperty().set("5");
        assertEquals(List.of("5", "the model's block of 2"), List.of(form.framesProperty().get(),
                form.framesErrorProperty().get().replaceAll(".*(the model's block of 2).*", "$1")));
        assertFalse(form.validProperty().get());
        form.framesProperty().set("12"); // longer than training: the window slides
        assertEquals("", form.framesErrorProperty().get());
        form.fpsProperty().set("0");
        assertTrue(form.fpsErrorProperty().get().startsWith("Fps must be above 0"), form.fpsErrorProperty().get());
        form.fpsProperty().set("fast");
        assertEquals("Fps must be a number, e.g. 8.", form.fpsErrorProperty().get());
        form.fpsProperty().set("12.5");
        assertEquals(new ClipSettings(12, 0, 12.5), form.clipSettings().orElseThrow());

        // remembered with the settings, and back in a new window
        GenerateForm again = new GenerateForm(() -> 1);
        again.setModels(List.of(model("a", "acdit"), video));
        again.load(form.settings(), List.of());
        assertEquals(List.of(true, "12", "12.5"), List.of(again.videoProperty().get(), again.framesProperty().get(),
                again.fpsProperty().get()));

        form.modelProperty().set(form.models().get(0));
        assertFalse(form.videoProperty().get());
        assertTrue(form.clipSettings().isEmpty());
        assertEquals(picture.toString(), form.request().orElseThrow().init().file(), "image to image is back");
    }

    @Test
    void aValidFormDescribesTheRequest() {
        GenerateForm form = form();
        form.seedProperty().set(" 42 ");
        form.stepsProperty().set("12");
        form.guidanceProperty().set("2.5");
        form.styleStrengthProperty().set("0.5");
        form.samplerProperty().set(SamplerKind.DDIM);
        form.countProperty().set("3");
        form.styleProperty().set("twitter");
        assertEquals(new GenerationRequest("cat face", "twitter", 42, 12, 2.5, 0.5, SamplerKind.DDIM, 3),
                form.request().orElseThrow());
    }

    @Test
    void anInitImageWithKeptBlocksGoesIntoTheRequestAndARecipeBringsItBack(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path picture = dir.resolve("pic.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB),
                "png", picture.toFile());
        GenerateForm form = form();
        assertTrue(form.request().orElseThrow().init() == null, "no picture: text to image");
        form.initImageProperty().set(picture.toString());
        form.toggleKeptBlock(3);
        form.toggleKeptBlock(0);
        form.toggleKeptBlock(2);
        form.toggleKeptBlock(2);
        form.strengthProperty().set(0.5);
        GenerationRequest request = form.request().orElseThrow();
        assertEquals(List.of(0, 3), request.init().keptBlocks());
        assertEquals(0.5, request.init().strength());
        assertEquals("", form.initErrorProperty().get());

        GenerateForm other = form();
        other.apply(new dev.tessera.app.generate.Recipe(dev.tessera.app.generate.Recipe.VERSION, "cat face", "google", 1,
                25, 4, 1, "dpm++2m", "a", "0123456789", 32, 32, dev.tessera.app.generate.Recipe.ALONE, "",
                request.init()));
        assertEquals(picture.toAbsolutePath().toString(), other.initImageProperty().get());
        assertEquals(List.of(0, 3), other.keptBlocks());
        assertEquals(0.5, other.strengthProperty().get());

        form.initImageProperty().set(dir.resolve("missing.png").toString());
        assertTrue(form.keptBlocks().isEmpty(), "another picture starts with no kept blocks");
        assertEquals("Init image " + dir.resolve("missing.png") + ": no such image file", form.initErrorProperty().get());
        assertFalse(form.validProperty().get());
    }

    @Test
    void aFreshFormStartsFromTheRequestDefaults() {
        GenerateForm form = form();
        GenerationRequest request = form.request().orElseThrow();
        assertEquals(GenerationRequest.DEFAULT_GUIDANCE, request.guidance());
        assertEquals(GenerationRequest.DEFAULT_STYLE_STRENGTH, request.styleStrength());
        assertEquals(GenerationRequest.DEFAULT_STEPS, request.steps());
    }

    @Test
    void everyBadFieldHasItsOwnMessage() {
        GenerateForm form = form();
        form.seedProperty().set("-1");
        form.guidanceProperty().set("lots");
        form.countProperty().set("65");
        form.stepsProperty().set("0");
        form.styleStrengthProperty().set("-0.5");
        assertEquals("Seed must be 0 or more (got -1).", form.seedErrorProperty().get());
        assertEquals("Guidance must be a number such as 4 (got \"lots\").", form.guidanceErrorProperty().get());
        assertEquals("Style strength must be between 0 (off) and 10 (got -0.5).",
                form.styleStrengthErrorProperty().get());
        assertEquals("Count must be between 1 and 64 (got 65).", form.countErrorProperty().get());
        assertEquals("Steps must be between 1 and 1000 (got 0).", form.stepsErrorProperty().get());
        assertTrue(form.request().isEmpty());
        form.seedProperty().set("5");
        form.guidanceProperty().set("31");
        form.styleStrengthProperty().set("strong");
        assertEquals("", form.seedErrorProperty().get());
        assertEquals("Guidance must be between 0 and 30 (got 31).", form.guidanceErrorProperty().get());
        assertEquals("Style strength must be a number such as 1 (got \"strong\").",
                form.styleStrengthErrorProperty().get());
        form.guidanceProperty().set("3");
        form.countProperty().set("4");
        form.stepsProperty().set("25");
        form.styleStrengthProperty().set("0");
        assertTrue(form.request().isPresent(), "0 turns style strength off; it is valid");
    }

    @Test
    void theSeedModeDecidesTheNextSeed() {
        GenerateForm form = form();
        form.seedModeProperty().set(SeedMode.LOCKED);
        form.advanceSeed(7, 4);
        assertEquals("1", form.seedProperty().get());
        form.seedModeProperty().set(SeedMode.INCREMENT);
        form.advanceSeed(7, 4);
        assertEquals("11", form.seedProperty().get());
        form.seedModeProperty().set(SeedMode.RANDOM);
        form.advanceSeed(7, 4);
        assertEquals("99", form.seedProperty().get());
    }

    @Test
    void promptHistoryIsMostRecentFirstAndBounded() {
        GenerateForm form = form();
        IntStream.range(0, 35).forEach(i -> form.rememberPrompt("p" + i));
        form.rememberPrompt("p10");
        assertEquals(30, form.promptHistory().size());
        assertEquals(List.of("p10", "p34", "p33"), form.promptHistory().subList(0, 3));
    }

    @Test
    void importedSettingsFillWhatTheyCanAndSayWhatNot() {
        GenerateForm form = form();
        String message = form.apply(new ImportedSettings("A1111 parameters", "moon", "emoji-one", 5L, 30, 7.0, 0.0, null,
                "sdxl", List.of("negative prompt (Tessera has none)")), "x.png");
        assertEquals("Restored prompt, seed, steps, guidance, style strength from x.png. Could not restore: negative prompt (Tessera"
                + " has none); style \"emoji-one\" (unknown); model \"sdxl\" (not installed).", message);
        assertEquals(message, form.noticeProperty().get());
        assertEquals("moon", form.promptProperty().get());
        assertEquals("7", form.guidanceProperty().get());
        assertEquals("0", form.styleStrengthProperty().get());
        assertEquals(SeedMode.LOCKED, form.seedModeProperty().get());
        assertEquals("google", form.styleProperty().get());
    }

    @Test
    void settingsRoundTripAndBadTextFallsBackToDefaults() {
        GenerateForm form = form();
        GenerateSettings saved = new GenerateSettings("owl", "twitter", "b", 8, SeedMode.INCREMENT, 9, 0.5, 2.0, "euler", 2);
        form.load(saved, List.of("owl"));
        assertEquals(saved, form.settings());
        assertEquals("b", form.modelProperty().get().name());
        form.stepsProperty().set("many");
        form.styleStrengthProperty().set("x");
        assertEquals(25, form.settings().steps());
        assertEquals(GenerationRequest.DEFAULT_STYLE_STRENGTH, form.settings().styleStrength());
        // Settings saved before style strength existed have none: they get the default.
        assertEquals(GenerationRequest.DEFAULT_STYLE_STRENGTH,
                new GenerateSettings("owl", "twitter", "b", 8, SeedMode.INCREMENT, 9, 0.5, null, "euler", 2).styleStrength());
        // The clip's still opening is remembered when turned off, and on again by default.
        assertTrue(form.stillOpeningProperty().get());
        form.stillOpeningProperty().set(false);
        assertEquals(Boolean.FALSE, form.settings().stillOpening());
        GenerateForm again = form();
        again.load(form.settings(), List.of());
        assertFalse(again.stillOpeningProperty().get());
        again.load(saved, List.of());
        assertTrue(again.stillOpeningProperty().get(), "settings saved before it existed: on");
    }

    @Test
    void modelsListedAfterTheSettingsEndAsIfListedBeforeThem() {
        GenerateSettings saved = new GenerateSettings("owl", "twitter", "acdit-default-fast", 8, SeedMode.INCREMENT, 9,
                0.5, 2.0, "euler", 2);
        InstalledModel fast = new InstalledModel("acdit-default-fast", InstalledModel.Source.BUNDLED,
                Path.of("assets/models/acdit-default-fast.safetensors"), 1, "acdit", "");
        List<InstalledModel> installed = List.of(model("a", "acdit"), fast);
        // Before: the list first, then the saved settings (the studio until the list moved after the first frame).
        GenerateForm before = new GenerateForm(() -> 1);
        before.setModels(installed);
        before.load(saved, List.of("owl"));
        // Now: the settings while the list is being read, then the list.
        GenerateForm after = new GenerateForm(() -> 1);
        after.startListingModels();
        after.load(saved, List.of("owl"));
        assertTrue(after.listingModelsProperty().get());
        assertEquals("", after.modelErrorProperty().get(), "no model yet is not a mistake of the field's");
        assertFalse(after.validProperty().get(), "no render before the list");
        assertTrue(after.request().isEmpty());
        after.setModels(installed);
        assertFalse(after.listingModelsProperty().get());
        assertEquals("", after.modelErrorProperty().get());
        assertEquals(before.settings(), after.settings(), "the saved model is chosen and the saved fields kept");
        assertEquals("acdit-default-fast", after.modelProperty().get().name());
        assertEquals(before.request(), after.request());
        assertEquals(before.noticeProperty().get(), after.noticeProperty().get());
        // Without anything to list, the form says so once the (empty) list arrives.
        GenerateForm none = new GenerateForm(() -> 1);
        none.startListingModels();
        none.setModels(List.of());
        assertTrue(none.modelErrorProperty().get().startsWith("No ACDiT model is installed"), none.modelErrorProperty().get());
    }

    @Test
    void theNegativePromptGoesIntoTheRequestTheSettingsAndBackFromARecipe() {
        GenerateForm form = form();
        form.negativePromptProperty().set("  crying   face ");
        assertEquals("crying face", form.request().orElseThrow().negativePrompt());
        GenerateSettings saved = form.settings();
        assertEquals("  crying   face ", saved.negativePrompt());

        GenerateForm reopened = form();
        reopened.load(saved, List.of());
        assertEquals("crying face", reopened.request().orElseThrow().negativePrompt());

        reopened.apply(new dev.tessera.app.generate.Recipe(dev.tessera.app.generate.Recipe.VERSION, "moon", "google", 3,
                10, 4, 1, "ddim", "a", "0123456789", 16, 16, null, ""));
        assertEquals("", reopened.negativePromptProperty().get(), "an image made without one clears the field");

        form.negativePromptProperty().set("x".repeat(501));
        assertTrue(form.request().isEmpty());
        assertEquals("Negative prompt is 501 characters long; the limit is 500.",
                form.negativePromptErrorProperty().get());
    }

    @Test
    void aPresetSetsTheStepsAndTheSpeedUntilTheStepsAreEdited() {
        GenerateForm form = form();
        form.presetProperty().set(dev.tessera.app.generate.Preset.BALANCED);
        assertEquals(Integer.toString(dev.tessera.app.generate.Preset.BALANCED.schedule().stepsFor(0)),
                form.stepsProperty().get());
        GenerationRequest request = form.request().orElseThrow();
        assertEquals(dev.tessera.app.generate.Speed.of(dev.tessera.app.generate.Preset.BALANCED), request.speed());
        assertEquals(dev.tessera.app.generate.Preset.BALANCED.schedule(), request.blockSteps());
        form.stepsProperty().set("10");
        assertEquals(null, form.presetProperty().get());
        assertEquals(dev.tessera.app.generate.Speed.DEFAULT, form.request().orElseThrow().speed());
    }

    @Test
    void choosingTheFewStepModelSetsItsSamplingAndARecipeKeepsItsOwn() {
        GenerateForm form = form();
        InstalledModel fast = new InstalledModel("acdit-default-fast", InstalledModel.Source.BUNDLED,
                Path.of("assets/models/acdit-default-fast.safetensors"), 1, "acdit", "");
        form.setModels(List.of(model("a", "acdit"), fast));
        form.stepsProperty().set("25");
        form.modelProperty().set(fast);
        assertEquals(List.of("4", "1", "0", SamplerKind.DDIM), List.of(form.stepsProperty().get(),
                form.guidanceProperty().get(), form.styleStrengthProperty().get(), form.samplerProperty().get()));
        assertTrue(form.noticeProperty().get().contains("4 steps a block (ddim), guidance 1"), form.noticeProperty().get());
        GenerationRequest request = form.request().orElseThrow();
        assertEquals(List.of(4, 1.0, 0.0), List.of(request.steps(), request.guidance(), request.styleStrength()));
        assertTrue(form.modelSamplesItselfProperty().get(), "the speed presets are off for it");

        form.modelProperty().set(form.models().get(0));
        assertFalse(form.modelSamplesItselfProperty().get());
        form.stepsProperty().set("9");
        form.apply(new ImportedSettings("test", "rocket", "google", 3L, 12, 3.0, 0.5, "euler", "acdit-default-fast",
                List.of(), "", null), "a test");
        assertEquals(List.of("12", "3", "0.5", SamplerKind.EULER), List.of(form.stepsProperty().get(),
                form.guidanceProperty().get(), form.styleStrengthProperty().get(), form.samplerProperty().get()),
                "a recipe's own settings win over the model's");
        assertEquals("acdit-default-fast", form.modelProperty().get().name());
    }

    @Test
    void theFastPresetChoosesTheModelsFewStepVariantWhereOneIsInstalledBesideIt() {
        GenerateForm form = form();
        InstalledModel base = new InstalledModel("acdit-default", InstalledModel.Source.BUNDLED,
                Path.of("assets/models/acdit-default.safetensors"), 1, "acdit", "");
        InstalledModel fast = new InstalledModel("acdit-default-fast", InstalledModel.Source.BUNDLED,
                Path.of("assets/models/acdit-default-fast.safetensors"), 1, "acdit", "");
        InstalledModel other = model("a", "acdit");
        form.setModels(List.of(other, fast, base));
        form.modelProperty().set(base);
        form.guidanceProperty().set("5");
        form.presetProperty().set(dev.tessera.app.generate.Preset.FAST);
        assertEquals("acdit-default-fast", form.modelProperty().get().name());
        assertEquals(dev.tessera.app.generate.Preset.FAST, form.presetProperty().get(), "Fast stays chosen: it renders");
        assertEquals(List.of("4", "1", SamplerKind.DDIM), List.of(form.stepsProperty().get(),
                form.guidanceProperty().get(), form.samplerProperty().get()));
        assertTrue(form.noticeProperty().get().startsWith("Fast: acdit-default-fast is sampled with"),
                form.noticeProperty().get());
        GenerationRequest fastRequest = form.request().orElseThrow();
        assertEquals(List.of(4, 1.0), List.of(fastRequest.steps(), fastRequest.guidance()));
        assertEquals(new dev.tessera.app.generate.Speed(null, 0, dev.tessera.app.generate.Preset.FAST),
                fastRequest.speed(), "the variant's own steps every block, recorded as Fast");

        // Another model, with no variant beside it: what the student's sampling replaced comes back, and Fast is its
        // steps per block position.
        form.modelProperty().set(other);
        assertEquals("a", form.modelProperty().get().name());
        assertEquals(List.of("12", "5", SamplerKind.defaultKind()), List.of(form.stepsProperty().get(),
                form.guidanceProperty().get(), form.samplerProperty().get()));
        assertEquals(dev.tessera.app.generate.Preset.FAST.schedule(), form.request().orElseThrow().blockSteps());
    }

    @Test
    void aFreshFormStartsOnTheBundledDefaultModelWhateverSortsFirst() {
        GenerateForm form = new GenerateForm(() -> 1);
        InstalledModel fast = new InstalledModel("acdit-default-fast", InstalledModel.Source.BUNDLED,
                Path.of("acdit-default-fast.safetensors"), 1, "acdit", "");
        InstalledModel whole = new InstalledModel("acdit-default", InstalledModel.Source.BUNDLED,
                Path.of("acdit-default.safetensors"), 1, "acdit", "");
        form.setModels(List.of(fast, whole)); // the catalogue's order: by file name, '-' before '.'
        assertEquals("acdit-default", form.modelProperty().get().name());
        form.setModels(List.of(model("mine", "acdit")));
        assertEquals("mine", form.modelProperty().get().name(), "without the default, the first offered");
    }

    @Test
    void aModelWithAMalformedSamplingEntrySaysSoAndLeavesTheFieldsAlone(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path bad = dir.resolve("odd.safetensors");
        dev.tessera.generation.modelfile.SafetensorsWriter.write(bad, List.of(), java.util.Map.of(
                dev.tessera.generation.acdit.sampling.RecommendedSampling.KEY, "{\"sampler\":\"plms\",\"steps\":4}"));
        GenerateForm form = form();
        form.stepsProperty().set("25");
        InstalledModel odd = new InstalledModel("odd", InstalledModel.Source.USER, bad, 1, "acdit", "");
        form.setModels(List.of(model("a", "acdit"), odd));
        form.modelProperty().set(odd);
        assertEquals("25", form.stepsProperty().get());
        assertTrue(form.noticeProperty().get().startsWith("odd: metadata tessera.sampling.recommended is not a sampling"
                + " recommendation"), form.noticeProperty().get());
    }
}
