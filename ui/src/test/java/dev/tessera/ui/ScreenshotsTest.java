package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.settings.Theme;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.ui.generate.GenerateViewModel;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.PopupWindow;
import javafx.stage.Window;
import javax.imageio.ImageIO;
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
 * Renders the Generate page (a batch with a negative prompt; the prompt's suggestions; image to image
 * with two kept blocks, in the dark theme and scrubbed part-way; the far-prompt note) and the History
 * page with real content at 1280×800. Always runs;
 * writes {@code docs/screenshots/*.png} only with {@code -Dtessera.screenshots=true}.
 * {@code -Dtessera.screenshots.model=<file>} uses a trained model instead of the tiny random one.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotsTest {

    @TempDir static Path models;
    @TempDir Path home;
    @TempDir Path bundled;
    private Studio studio;
    private static int steps = 8;

    @BeforeAll
    static void models() throws Exception {
        String trained = System.getProperty("tessera.screenshots.model", "");
        if (trained.isBlank()) {
            // 8×8 tokens in 4 blocks of 4×4, like the default model.
            TinyAcditModelFile.write(models.resolve("acdit-untrained-32px.safetensors"), TinyAcditModelFile.config(32, 4));
        } else {
            Files.copy(Path.of(trained), models.resolve("acdit-default.safetensors"));
            steps = 25;
        }
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        if (studio != null) {
            studio.close();
        }
        FxToolkit.setupFixture(() -> Application.setUserAgentStylesheet(null));
    }

    @Test
    void generateAndHistoryInBothThemes(FxRobot robot) throws Exception {
        FxToolkit.setupStage(stage -> {
            studio = new Studio(new TesseraHome(home), new ModelCatalogue(bundled, models), () -> 2026);
            studio.show(stage);
        });
        StudioStarted.await(studio);
        GenerateViewModel vm = studio.generate();
        robot.interact(() -> {
            vm.form().promptProperty().set("couple with heart");
            vm.form().styleProperty().set("google");
            vm.form().seedProperty().set("7");
            vm.form().stepsProperty().set(Integer.toString(steps));
            vm.form().countProperty().set("6");
        });
        robot.interact(vm::generate);
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        robot.interact(() -> {
            vm.form().promptProperty().set("grinning face");
            vm.form().negativePromptProperty().set("crying face");
        });
        robot.interact(vm::generate);
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 2);
        robot.interact(() -> vm.selectedProperty().set(2));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Window.getWindows().stream().anyMatch(w -> w instanceof ContextMenu m
                && "prompt-suggestions".equals(m.getId()) && m.isShowing()), "the program set the prompt: no suggestions");
        shoot("generate.png");

        // Prompt help: typing suggests trained names with their categories.
        TextField prompt = robot.lookup("#prompt").queryAs(TextField.class);
        robot.clickOn(prompt);
        robot.interact(prompt::clear);
        robot.write("cat f");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Window.getWindows().stream()
                .anyMatch(w -> w instanceof ContextMenu m && "prompt-suggestions".equals(m.getId()) && m.isShowing()));
        shoot("generate-prompt.png");
        robot.type(KeyCode.ESCAPE);

        // Image to image: a picture with its top two blocks kept; the model makes the bottom two.
        Path picture = home.resolve("cat-face.png");
        Files.write(picture, ScreenshotTest.png("cat face"));
        robot.interact(() -> {
            vm.form().promptProperty().set("cat face");
            vm.form().negativePromptProperty().set("");
            vm.form().countProperty().set("4");
            vm.form().initImageProperty().set(picture.toString());
        });
        robot.interact(() -> robot.lookup(".form-scroll").queryAs(ScrollPane.class).setVvalue(1));
        robot.clickOn("#keep-block-0");
        robot.clickOn("#keep-block-1");
        robot.interact(vm::generate);
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 3);
        // Dark theme, scrubbed part-way through block 3: the kept blocks 0 and 1 are there as they are.
        robot.interact(() -> {
            vm.selectedProperty().set(1);
            robot.lookup(".form-scroll").queryAs(ScrollPane.class).setVvalue(1);
            studio.setTheme(Theme.DARK);
        });
        robot.interact(() -> vm.frameProperty().set(vm.frameCountProperty().get() / 4)); // frames of made blocks only
        shoot("generate-image.png");
        robot.interact(() -> studio.setTheme(Theme.LIGHT));

        // A prompt far in meaning from every trained name gets a note under the field.
        Label note = robot.lookup("#prompt-note").queryAs(Label.class);
        robot.interact(() -> {
            vm.form().initImageProperty().set("");
            vm.form().promptProperty().set("tax return form");
            robot.lookup(".form-scroll").queryAs(ScrollPane.class).setVvalue(0);
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, note::isVisible);
        shoot("generate-prompt-note.png");

        robot.interact(() -> studio.shell().show("History"));
        @SuppressWarnings("unchecked")
        TableView<Object> table = robot.lookup("#history-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 16);
        robot.interact(() -> table.getSelectionModel().selectIndices(4, 10));
        shoot("history.png");
    }

    private void shoot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300); // let background-loaded thumbnails arrive
        WaitForAsyncUtils.waitForFxEvents();
        List<Runnable> popups = new java.util.ArrayList<>();
        BufferedImage[] painted = new BufferedImage[1];
        FxToolkit.setupFixture(() -> {
            painted[0] = SwingFXUtils.fromFXImage(studio.scene().snapshot(null), null);
            // Menus and drop-downs are windows of their own: paint the open ones where they lie over the scene.
            Scene scene = studio.scene();
            double originX = scene.getWindow().getX() + scene.getX();
            double originY = scene.getWindow().getY() + scene.getY();
            for (Window window : Window.getWindows()) {
                if (window instanceof PopupWindow popup && popup.isShowing() && popup.getScene() != null) {
                    SnapshotParameters clear = new SnapshotParameters();
                    clear.setFill(Color.TRANSPARENT); // the menu's rounded corners and shadow show the page below
                    BufferedImage over = SwingFXUtils.fromFXImage(popup.getScene().getRoot().snapshot(clear, null), null);
                    javafx.geometry.Bounds drawn = popup.getScene().getRoot().getBoundsInParent();
                    int x = (int) Math.round(popup.getX() + popup.getScene().getX() + drawn.getMinX() - originX);
                    int y = (int) Math.round(popup.getY() + popup.getScene().getY() + drawn.getMinY() - originY);
                    popups.add(() -> {
                        java.awt.Graphics2D g = painted[0].createGraphics();
                        g.drawImage(over, x, y, null);
                        g.dispose();
                    });
                }
            }
        });
        popups.forEach(Runnable::run);
        BufferedImage image = painted[0];
        assertEquals(1280, image.getWidth());
        assertEquals(800, image.getHeight());
        assertTrue(distinctColours(image) > 50, name + " has content");
        if (Boolean.getBoolean("tessera.screenshots")) {
            Path folder = Path.of("docs", "screenshots");
            Files.createDirectories(folder);
            ImageIO.write(image, "png", folder.resolve(name).toFile());
        }
    }

    private static long distinctColours(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
    }
}
