package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.compress.Comparison;
import dev.tessera.app.compress.CompressionWorkbench.Pruning;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.compression.CompressionInfo;
import dev.tessera.compression.prune.PlanKind;
import dev.tessera.compression.prune.PruningPlan;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.ui.compress.CompressionWizardViewModel;
import dev.tessera.ui.compress.DistillationUnit;
import dev.tessera.ui.compress.WizardStep;
import dev.tessera.ui.generate.GenerateViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.scene.chart.LineChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Compress page end to end in the studio, on a real small ACDiT (32×32, depth 3, perturbed so every
 * part contributes) with the bundled emoji data and text encoder: analysis, a bad budget, a plan,
 * distillation cancelled mid-way, leaving the page and coming back, distillation, comparison, saving,
 * and the saved model in the model lists, rendering, and refused as a source (it holds INT4 weights);
 * a U-Net expert is refused with a message.
 */
@ExtendWith(ApplicationExtension.class)
class CompressionWizardTest {

    static final AcditConfig CONFIG = TinyAcditModelFile.config(32, 4).withDepth(3);

    @TempDir static Path models;
    @TempDir Path home;
    private Studio studio;

    @BeforeAll
    static void writeModel() throws Exception {
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(CONFIG, 17, m)) {
            AcditModel.save(models.resolve("tiny-whole.safetensors"), model.parameters(), CONFIG,
                    new Provenance("test", 0, 17, Instant.parse("2026-12-01T00:00:00Z"), "none", Map.of()));
        }
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        WaitForAsyncUtils.waitForFxEvents();
        if (studio != null) {
            studio.close();
        }
        FxToolkit.setupFixture(() -> Application.setUserAgentStylesheet(null));
    }

    @Test
    void takesAModelThroughToASavedCompressedModelThatRenders(FxRobot robot) throws Exception {
        FxToolkit.setupStage(stage -> {
            studio = new Studio(new TesseraHome(home), new ModelCatalogue(BundledStudio.BUNDLED, models), () -> 5);
            studio.show(stage);
        });
        StudioStarted.await(studio);
        WaitForAsyncUtils.waitForFxEvents();
        CompressionWizardViewModel wizard = studio.compress();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        assertEquals("Compress", studio.shell().current().title());
        assertTrue(robot.lookup("#compress-step-analyse").query().isDisabled(), "nothing loaded yet");

        // A U-Net expert is listed but refused with the reason.
        InstalledModel unet = model(wizard, "unet-expert-google");
        robot.interact(() -> wizard.modelProperty().set(unet));
        robot.clickOn("#compress-load");
        waitIdle(wizard);
        assertTrue(message(robot).contains("U-Net expert") && message(robot).contains("ACDiT models only"), message(robot));
        assertNull(wizard.loadedProperty().get());

        // Load and analyse: every part of every layer, plotted and tabled.
        robot.interact(() -> {
            wizard.modelProperty().set(model(wizard, "tiny-whole"));
            wizard.calibrationItemsProperty().set("8");
        });
        robot.clickOn("#compress-load");
        waitIdle(wizard);
        assertTrue(wizard.analysedProperty().get(), message(robot));
        assertEquals(WizardStep.ANALYSE, wizard.stepProperty().get());
        assertEquals(4 * CONFIG.depth(), wizard.contributions().size());
        assertTrue(wizard.contributions().stream().allMatch(c -> c.epsilonError() > 0), "a perturbed model's parts all matter");
        LineChart<?, ?> chart = robot.lookup("#compress-contribution-chart").queryAs(LineChart.class);
        assertEquals(LayerPart.values().length, chart.getData().size());
        assertEquals(CONFIG.depth(), chart.getData().get(0).getData().size());

        // A bad budget is explained on the page and plans nothing.
        robot.clickOn("#compress-next");
        assertEquals(WizardStep.PRUNE, wizard.stepProperty().get());
        for (String bad : List.of("0.95", "-0.1", "lots")) {
            robot.interact(() -> wizard.budgetProperty().set(bad));
            robot.clickOn("#compress-plan");
            waitIdle(wizard);
            assertTrue(message(robot).contains("(0, 0.9]"), bad + ": " + message(robot));
            assertNull(wizard.planProperty().get());
            assertTrue(robot.lookup("#compress-step-distil").query().isDisabled());
        }
        robot.interact(() -> wizard.budgetProperty().set("0.3"));
        robot.clickOn("#compress-plan");
        waitIdle(wizard);
        assertTrue(wizard.planProperty().get().orElseThrow().plan().removedFraction() >= 0.3);
        String planText = robot.lookup("#compress-plan-text").queryAs(Label.class).getText();
        assertTrue(planText.contains("layer 2") && planText.contains("removed"), planText);
        // The other plan, chosen beside the budget: the plan is made again, the cheapest parts' way; then back.
        ChoiceBox<?> kinds = robot.lookup("#compress-plan-kind").queryAs(ChoiceBox.class);
        assertEquals(List.of(PlanKind.values()), List.copyOf(kinds.getItems()));
        // Every MLP narrower: nothing removed, the plan text says how wide the MLPs are now.
        robot.interact(() -> kinds.getSelectionModel().select(2));
        robot.interact(() -> wizard.budgetProperty().set("0.05"));
        robot.clickOn("#compress-plan");
        waitIdle(wizard);
        Pruning narrow = wizard.planProperty().get().orElseThrow();
        assertEquals(PruningPlan.narrowMlps(CONFIG, 0.05).pruned(), narrow.plan().pruned());
        String narrowText = robot.lookup("#compress-plan-text").queryAs(Label.class).getText();
        assertTrue(narrowText.startsWith("Narrowed: every layer's MLP narrowed to "), narrowText);
        robot.interact(() -> wizard.budgetProperty().set("0.3"));
        robot.interact(() -> kinds.getSelectionModel().select(1));
        assertNull(wizard.planProperty().get(), "a new plan kind clears the plan");
        robot.clickOn("#compress-plan");
        waitIdle(wizard);
        Pruning cheapest = wizard.planProperty().get().orElseThrow();
        assertEquals(PlanKind.CHEAPEST, cheapest.kind());
        assertEquals(PruningPlan.cheapestParts(CONFIG, 0.3, List.copyOf(wizard.contributions())).removed(),
                cheapest.plan().removed());
        // Cheapest layers, then narrower: the depth plan, its text naming both.
        robot.interact(() -> kinds.getSelectionModel().select(PlanKind.DEPTH.ordinal()));
        robot.clickOn("#compress-plan");
        waitIdle(wizard);
        Pruning depth = wizard.planProperty().get().orElseThrow();
        assertEquals(PruningPlan.layersThenNarrow(CONFIG, 0.3, List.copyOf(wizard.contributions())), depth.plan());
        String depthText = robot.lookup("#compress-plan-text").queryAs(Label.class).getText();
        assertTrue(depthText.startsWith("Removed: layer ") && depthText.contains(depth.plan().narrows()
                ? "every other layer's MLP narrowed" : "layer"), depthText);
        robot.interact(() -> wizard.planKindProperty().set(PlanKind.POSITION));
        robot.clickOn("#compress-plan");
        waitIdle(wizard);
        assertEquals(PlanKind.POSITION, wizard.planProperty().get().orElseThrow().kind());

        // INT4 options, then a distillation that would run long, cancelled part-way.
        robot.clickOn("#compress-next");
        assertEquals(WizardStep.INT4, wizard.stepProperty().get());
        robot.interact(() -> wizard.groupProperty().set(32));
        robot.clickOn("#compress-next");
        assertEquals(WizardStep.DISTIL, wizard.stepProperty().get());
        robot.interact(() -> {
            wizard.distilUnitProperty().set(DistillationUnit.STEPS);
            wizard.distilAmountProperty().set("100000");
        });
        robot.clickOn("#compress-distil");
        waitUntil(robot, () -> wizard.losses().size() >= 3);
        // Leave the page while it runs and come back: the run and the page are where they were.
        robot.clickOn("#nav-generate");
        assertEquals("Generate", studio.shell().current().title());
        int seen = wizard.losses().size();
        waitUntil(robot, () -> wizard.losses().size() > seen);
        robot.clickOn("#nav-compress");
        assertEquals(WizardStep.DISTIL, wizard.stepProperty().get());
        assertTrue(wizard.busyProperty().get());
        LineChart<?, ?> loss = robot.lookup("#compress-loss-chart").queryAs(LineChart.class);
        assertTrue(loss.getData().get(0).getData().size() >= 3, "the loss is drawn as it comes");
        robot.clickOn("#compress-cancel");
        waitIdle(wizard);
        assertTrue(message(robot).contains("cancelled after") && message(robot).contains("Nothing saved was changed"),
                message(robot));
        assertFalse(wizard.studentReadyProperty().get());
        assertTrue(robot.lookup("#compress-step-compare").query().isDisabled());
        assertNotNull(wizard.planProperty().get(), "the plan is kept");
        assertEquals(4 * CONFIG.depth(), wizard.contributions().size(), "the analysis is kept");
        assertTrue(userModels().isEmpty(), "nothing was written into the models folder");

        // Distil for a few steps, compare on the same seeds, save.
        robot.interact(() -> wizard.distilAmountProperty().set("4"));
        robot.clickOn("#compress-distil");
        waitIdle(wizard);
        assertTrue(wizard.studentReadyProperty().get(), message(robot));
        assertTrue(wizard.studentSummaryProperty().get().startsWith("Distilled: 4 steps"), wizard.studentSummaryProperty().get());
        robot.clickOn("#compress-next");
        robot.clickOn("#compress-compare");
        waitIdle(wizard);
        Comparison comparison = wizard.comparisonProperty().get();
        assertNotNull(comparison, message(robot));
        assertEquals(wizard.planProperty().get().orElseThrow().plan().parametersAfter(), comparison.compressed().parameters(),
                "INT4 weights count as weights, not as packed bytes");
        assertTrue(comparison.compressed().weightBytes() < comparison.original().weightBytes());
        assertTrue(comparison.compressed().fileBytes() < comparison.original().fileBytes());
        assertEquals(List.of("pruned", "distilled", "stored"),
                comparison.stages().stream().map(s -> s.name()).toList());
        assertTrue(comparison.storedEpsilonError() > 0);
        assertEquals(comparison.originalImages().prompts(), comparison.compressedImages().prompts(), "same prompts and seeds");
        assertTrue(robot.lookup("#compress-sample-compressed-0").tryQuery().isPresent());
        assertTrue(robot.lookup("#compress-sample-original-0").tryQuery().isPresent());

        robot.clickOn("#compress-next");
        assertEquals(WizardStep.SAVE, wizard.stepProperty().get());
        assertEquals("tiny-whole-small", wizard.saveNameProperty().get());
        robot.clickOn("#compress-save");
        waitIdle(wizard);
        InstalledModel saved = wizard.savedProperty().get();
        assertNotNull(saved, message(robot));
        assertEquals(List.of("tiny-whole-small.safetensors"), userModels().stream().map(p -> p.getFileName().toString()).toList());
        CompressionInfo info = CompressionInfo.of(saved.file());
        assertEquals(32, info.int4().orElseThrow().group());
        assertFalse(info.removed().isEmpty());
        assertTrue(studio.models().models().stream().anyMatch(m -> m.name().equals("tiny-whole-small")), "Models lists it");

        // The saved model renders in Generate.
        GenerateViewModel generate = studio.generate();
        assertTrue(generate.form().models().stream().anyMatch(m -> m.name().equals("tiny-whole-small")), "Generate lists it");
        robot.clickOn("#nav-generate");
        robot.interact(() -> {
            generate.form().modelProperty().set(generate.form().models().stream()
                    .filter(m -> m.name().equals("tiny-whole-small")).findFirst().orElseThrow());
            generate.form().promptProperty().set("cat face");
            generate.form().stepsProperty().set("2");
            generate.form().countProperty().set("1");
        });
        robot.interact(generate::generate);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> generate.completedRunsProperty().get() == 1);
        assertEquals(1, generate.results().size(), generate.statusProperty().get());

        // The saved model holds INT4 weights: the wizard refuses it as a source.
        robot.clickOn("#nav-compress");
        robot.clickOn("#compress-step-model");
        robot.interact(() -> wizard.modelProperty().set(model(wizard, "tiny-whole-small")));
        assertNull(wizard.loadedProperty().get(), "choosing another model unloads the old one");
        robot.clickOn("#compress-load");
        waitIdle(wizard);
        assertTrue(message(robot).contains("already holds INT4 weights"), message(robot));
    }

    private static InstalledModel model(CompressionWizardViewModel wizard, String name) {
        return wizard.models().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + wizard.models()));
    }

    private static void waitUntil(FxRobot robot, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out; the page says: " + message(robot), e);
        }
    }

    private static void waitIdle(CompressionWizardViewModel wizard) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !wizard.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String message(FxRobot robot) {
        return robot.lookup("#compress-message").queryAs(Label.class).getText();
    }

    private static List<Path> userModels() throws Exception {
        try (Stream<Path> files = Files.list(models)) {
            return files.filter(f -> !f.getFileName().toString().equals("tiny-whole.safetensors")).toList();
        }
    }
}
