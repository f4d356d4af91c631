package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.compress.Comparison;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.ui.compress.CompressionWizardViewModel;
import dev.tessera.ui.compress.WizardStep;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Takes the bundled default model through the wizard at its default settings (the calibration size and
 * distillation minutes the page offers), prints how long each step took and what the comparison at the
 * defaults measured, and writes docs/screenshots/compress-analysis.png and (INT4 alone) compress-int4.png
 * at 1280×800. Runs only with
 * {@code -Dtessera.screenshots=true} (minutes of CPU):
 * {@code mvn -B -o test -pl ui -am -Dtest=CompressionWizardScreenshotTest -Dtessera.screenshots=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "tessera.screenshots", matches = "true")
class CompressionWizardScreenshotTest {

    @TempDir Path home;
    @TempDir Path userModels;
    private Studio studio;

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        if (studio != null) {
            studio.close();
        }
        FxToolkit.setupFixture(() -> Application.setUserAgentStylesheet(null));
    }

    @Test
    void theDefaultModelAtTheDefaultSettings(FxRobot robot) throws Exception {
        FxToolkit.setupStage(stage -> {
            studio = new Studio(new TesseraHome(home), new ModelCatalogue(BundledStudio.BUNDLED, userModels), () -> 7);
            studio.show(stage);
        });
        StudioStarted.await(studio);
        CompressionWizardViewModel wizard = studio.compress();
        robot.interact(() -> studio.shell().show("Compress"));
        robot.interact(() -> wizard.modelProperty().set(wizard.models().stream()
                .filter(m -> m.name().equals("acdit-default")).findFirst().orElseThrow()));
        time("load and analysis", robot, wizard, wizard::loadAndAnalyse);
        assertTrue(wizard.analysedProperty().get(), wizard.messageProperty().get());
        shoot("compress-analysis.png");
        robot.interact(() -> wizard.budgetProperty().set("0.2"));
        time("plan", robot, wizard, wizard::makePlan);
        robot.interact(() -> wizard.show(WizardStep.DISTIL));
        time("distillation", robot, wizard, wizard::distil);
        assertTrue(wizard.studentReadyProperty().get(), wizard.messageProperty().get());
        System.out.println("wizard: " + wizard.studentSummaryProperty().get());
        robot.interact(() -> wizard.show(WizardStep.COMPARE));
        time("comparison", robot, wizard, wizard::compare);
        Comparison c = wizard.comparisonProperty().get();
        assertNotNull(c, wizard.messageProperty().get());
        print(c); // the defaults' comparison: in docs/studio.md as numbers, no longer as a screenshot

        // INT4 alone: budget 0, nothing to distil.
        robot.interact(() -> {
            wizard.show(WizardStep.PRUNE);
            wizard.budgetProperty().set("0");
        });
        time("plan (no pruning)", robot, wizard, wizard::makePlan);
        robot.interact(() -> wizard.show(WizardStep.DISTIL));
        time("no distillation", robot, wizard, wizard::distil);
        robot.interact(() -> wizard.show(WizardStep.COMPARE));
        time("comparison (INT4 only)", robot, wizard, wizard::compare);
        Comparison int4 = wizard.comparisonProperty().get();
        assertNotNull(int4, wizard.messageProperty().get());
        print(int4);
        shoot("compress-int4.png");
    }

    private static void print(Comparison c) {
        System.out.printf(Locale.ROOT, "wizard: %s; parameters %,d → %,d; weights %.2f → %.2f MB; s/image %.3f → %.3f;"
                + " ε stored %.5f; PSNR median %.1f dB%n", c.recipe(), c.original().parameters(), c.compressed().parameters(),
                c.original().weightBytes() / 1e6, c.compressed().weightBytes() / 1e6, c.original().secondsPerImage(),
                c.compressed().secondsPerImage(), c.storedEpsilonError(), c.psnr().medianDb());
    }

    private static void time(String what, FxRobot robot, CompressionWizardViewModel wizard, Runnable action)
            throws Exception {
        long start = System.nanoTime();
        robot.interact(action);
        WaitForAsyncUtils.waitFor(900, TimeUnit.SECONDS, () -> !wizard.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        System.out.printf(Locale.ROOT, "wizard: %s took %.1f s (load average %.2f)%n", what,
                (System.nanoTime() - start) / 1e9, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private void shoot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] snapshot = new WritableImage[1];
        FxToolkit.setupFixture(() -> snapshot[0] = studio.scene().snapshot(null));
        BufferedImage image = SwingFXUtils.fromFXImage(snapshot[0], null);
        assertEquals(1280, image.getWidth());
        Path folder = Files.createDirectories(Path.of("docs", "screenshots"));
        ImageIO.write(image, "png", folder.resolve(name).toFile());
    }
}
