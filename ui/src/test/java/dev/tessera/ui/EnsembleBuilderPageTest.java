package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.EnsembleConfig;
import dev.tessera.ensemble.afa.ExpertReference;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.io.FileDigests;
import dev.tessera.ui.ensemble.EnsembleBuilderViewModel;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.chart.LineChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Ensembles page in the studio over the real shipped experts (assets/models/unet-expert-google and -twitter) and
 * the bundled training images: ticking both experts, plain averaging as the start, training an aggregator for two
 * steps of batch 2 with the live loss, saving it under a name, and the saved file in Generate's model list, opening
 * as an ensemble that names both experts by their SHA-256. With {@code -Dtessera.screenshots=true} it also writes
 * docs/screenshots/ensembles.png.
 */
@ExtendWith(ApplicationExtension.class)
class EnsembleBuilderPageTest {

    private static final List<String> EXPERTS = List.of("unet-expert-google", "unet-expert-twitter");

    @TempDir Path home;
    @TempDir Path userModels;
    private BundledStudio window;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
        FxToolkit.setupFixture(() -> Application.setUserAgentStylesheet(null));
    }

    @Test
    void trainsAnAggregatorOverTheShippedExpertsAndSavesAnEnsembleThatNamesThemByHash(FxRobot robot) throws Exception {
        window = BundledStudio.open(home, userModels);
        Studio studio = window.studio();
        EnsembleBuilderViewModel builder = studio.ensembles();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        assertEquals("Ensembles", studio.shell().current().title());
        assertTrue(robot.lookup("#ensemble-train").query().isDisabled(), "no experts chosen yet");

        // Tick both shipped experts in the list.
        for (String name : EXPERTS) {
            ListCell<?> cell = robot.lookup("#ensemble-experts .list-cell").queryAllAs(ListCell.class).stream()
                    .filter(c -> name.equals(c.getText())).findFirst().orElseThrow(() -> new AssertionError(name));
            robot.clickOn((CheckBox) cell.getGraphic());
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(builder.readyProperty().get(), builder.selectionProblemProperty().get());
        assertTrue(text(robot, "#ensemble-state").startsWith("Plain feature averaging"), text(robot, "#ensemble-state"));
        assertTrue(text(robot, "#ensemble-message").contains("starts as plain feature averaging"),
                text(robot, "#ensemble-message"));

        // Two steps of batch 2, typed into the page.
        type(robot, "#ensemble-steps", "2");
        type(robot, "#ensemble-batch", "2");
        long start = System.nanoTime();
        robot.clickOn("#ensemble-train");
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> !builder.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        System.out.printf(Locale.ROOT, "ensemble builder: 2 steps of batch 2 over the shipped experts took %.1f s (%s;"
                + " load average %.2f)%n", (System.nanoTime() - start) / 1e9, builder.stepTimeProperty().get(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertTrue(text(robot, "#ensemble-message").startsWith("Trained 2 steps of batch 2"),
                text(robot, "#ensemble-message"));
        LineChart<?, ?> chart = robot.lookup("#ensemble-loss-chart").queryAs(LineChart.class);
        assertEquals(2, chart.getData().get(0).getData().size(), "the loss of each step is drawn");
        assertTrue(text(robot, "#ensemble-step-time").endsWith(" s a step"), text(robot, "#ensemble-step-time"));
        assertTrue(text(robot, "#ensemble-state").contains("trained 2 steps on google and twitter images"),
                text(robot, "#ensemble-state"));
        if (Boolean.getBoolean("tessera.screenshots")) {
            robot.clickOn("#ensemble-preview"); // the trained ensemble, one image per style, for the picture only
            WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> !builder.busyProperty().get());
            shoot(studio, "ensembles.png");
        }

        // Save under a name typed on the page.
        robot.interact(() -> robot.lookup("#ensemble-scroll").queryAs(ScrollPane.class).setVvalue(1));
        type(robot, "#ensemble-save-name", "builder test");
        robot.clickOn("#ensemble-save");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !builder.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Path saved = userModels.resolve("builder test.safetensors");
        assertTrue(Files.isRegularFile(saved), text(robot, "#ensemble-message"));
        assertTrue(studio.generate().form().models().stream().map(InstalledModel::name).anyMatch("builder test"::equals),
                "the ensemble is in Generate's model list");

        EnsembleConfig config = AfaEnsemble.checkHeader(saved);
        assertEquals(List.of(sha256("unet-expert-google"), sha256("unet-expert-twitter")),
                config.experts().stream().map(ExpertReference::sha256).toList());
        assertTrue(config.experts().get(0).file().endsWith("unet-expert-google.safetensors"), config.experts().toString());
        try (NDManager manager = OfflineEngine.newManager(); AfaEnsemble ensemble = AfaEnsemble.load(saved, manager)) {
            assertEquals(2, ensemble.aggregator().experts());
            assertEquals(List.of(BundledStudio.BUNDLED.resolve("unet-expert-google.safetensors").toAbsolutePath()
                    .normalize(), BundledStudio.BUNDLED.resolve("unet-expert-twitter.safetensors").toAbsolutePath()
                    .normalize()), ensemble.expertFiles());
            assertEquals(2, ensemble.provenance().steps());
        }
        assertFalse(builder.busyProperty().get());
    }

    private static String sha256(String expert) throws Exception {
        return FileDigests.sha256(BundledStudio.BUNDLED.resolve(expert + ".safetensors"));
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static void type(FxRobot robot, String id, String text) {
        robot.clickOn(id);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write(text);
    }

    private static void shoot(Studio studio, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] snapshot = new WritableImage[1];
        FxToolkit.setupFixture(() -> snapshot[0] = studio.scene().snapshot(null));
        BufferedImage argb = SwingFXUtils.fromFXImage(snapshot[0], null);
        BufferedImage image = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
        image.getGraphics().drawImage(argb, 0, 0, null); // opaque anyway; no alpha channel keeps the PNG small
        Path folder = Files.createDirectories(Path.of("docs", "screenshots"));
        ImageIO.write(image, "png", folder.resolve(name).toFile());
    }
}
