package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.TinyEnsembles;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.ui.generate.GenerateViewModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The routing view over a real tiny AFA ensemble file rendered on the Generate page: offered only for
 * ensemble renders, it records the same pixels again, scrubs the steps and shows means that add up.
 */
@ExtendWith(ApplicationExtension.class)
class RoutingViewTest {

    @TempDir Path models;
    @TempDir Path home;
    private BundledStudio window;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    @Test
    void anEnsembleRenderOpensTheRoutingViewWhoseSliderScrubsTheStepsAndWhoseMeansAddUpTo100(FxRobot robot)
            throws Exception {
        TinyEnsembles.ensemble(models, "tiny-afa.safetensors", true);
        window = BundledStudio.open(home, models);
        GenerateViewModel vm = window.studio().generate();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> find(vm, "tiny-afa") != null);

        render(robot, vm, "tiny-google", 1);
        Button routing = robot.lookup("#routing").queryAs(Button.class);
        assertFalse(routing.isVisible(), "a U-Net render has no routing");

        render(robot, vm, "tiny-afa", 2);
        assertTrue(routing.isVisible() && !routing.isDisabled(), "an ensemble render offers its routing");
        robot.clickOn("#routing");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS,
                () -> !robot.lookup("#routing-step").queryAs(Slider.class).isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        String status = robot.lookup("#routing-status").queryAs(Label.class).getText();
        assertTrue(status.contains("the same pixels as the image shown"), status);

        Slider step = robot.lookup("#routing-step").queryAs(Slider.class);
        Label stepLabel = robot.lookup("#routing-step-label").queryAs(Label.class);
        ImageView map = robot.lookup("#routing-map").queryAs(ImageView.class);
        ComboBox<String> point = robot.lookup("#routing-point").queryAs(ComboBox.class);
        assertEquals(11, point.getItems().size(), "the tiny U-Net has 11 aggregation points");
        assertEquals(2, step.getMax(), "3 steps");
        robot.interact(() -> point.getSelectionModel().select(5));
        robot.interact(() -> step.setValue(0));
        assertTrue(stepLabel.getText().startsWith("Step 1 of 3 · t = "), stepLabel.getText());
        Image first = map.getImage();
        assertMeansAddUp(robot);
        robot.interact(() -> step.setValue(2));
        assertTrue(stepLabel.getText().startsWith("Step 3 of 3 · t = "), stepLabel.getText());
        assertFalse(GenerateFlowTest.samePixels(first, map.getImage()), "another step, another weight map");
        assertMeansAddUp(robot);
        assertTrue(robot.lookup("#routing-legend").queryAs(Label.class).getText()
                .contains("blue: tiny-google · orange: tiny-twitter"));
    }

    /**
     * Writes docs/screenshots/routing.png over a real ensemble file, its folder as the user models folder:
     * {@code mvn -B -o test -pl ui -am -Dtest=RoutingViewTest -Dsurefire.failIfNoSpecifiedTests=false
     * -Dtessera.screenshots.ensemble=<file>}.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "tessera.screenshots.ensemble", matches = ".+")
    void screenshot(FxRobot robot) throws Exception {
        Path file = Path.of(System.getProperty("tessera.screenshots.ensemble")).toAbsolutePath();
        String name = file.getFileName().toString().replaceFirst("\\.safetensors$", "");
        window = BundledStudio.open(home, file.getParent());
        GenerateViewModel vm = window.studio().generate();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> find(vm, name) != null);
        robot.interact(() -> vm.form().modelProperty().set(find(vm, name)));
        robot.interact(() -> {
            vm.form().promptProperty().set("grinning face");
            vm.form().styleProperty().set("google");
            vm.form().seedProperty().set("7");
            vm.form().stepsProperty().set("25");
            vm.form().countProperty().set("1");
            vm.generate();
        });
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#routing");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS,
                () -> !robot.lookup("#routing-step").queryAs(Slider.class).isDisabled());
        ComboBox<String> point = robot.lookup("#routing-point").queryAs(ComboBox.class);
        robot.interact(() -> {
            point.getSelectionModel().select(0); // conv_in: where the shipped ensemble mixes most
            robot.lookup("#routing-step").queryAs(Slider.class).setValue(23);
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Scene scene = robot.lookup("#routing-view").query().getScene();
        javafx.scene.image.WritableImage[] shot = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> shot[0] = scene.snapshot(null));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(shot[0], null), "png",
                Path.of("docs", "screenshots", "routing.png").toFile());
    }

    private static void assertMeansAddUp(FxRobot robot) {
        double sum = 0;
        for (int e = 0; e < 2; e++) {
            String text = robot.lookup("#routing-mean-" + e).queryAs(Label.class).getText();
            sum += Double.parseDouble(text.substring(0, text.indexOf(" %")));
        }
        assertEquals(100.0, sum, 0.1 + 1e-9, String.format(Locale.ROOT, "means sum to %.2f %%", sum));
    }

    /** Renders "cat face" at seed 7, 3 steps, with the installed model {@code name}; waits for run {@code run}. */
    private static void render(FxRobot robot, GenerateViewModel vm, String name, int run) throws Exception {
        robot.interact(() -> {
            vm.form().modelProperty().set(find(vm, name));
            vm.form().promptProperty().set("cat face");
            vm.form().seedProperty().set("7");
            vm.form().stepsProperty().set("3");
            vm.form().countProperty().set("1");
            assertTrue(vm.generate(), vm.statusProperty().get());
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == run);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static InstalledModel find(GenerateViewModel vm, String name) {
        return vm.form().models().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
