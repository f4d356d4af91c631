package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.settings.Theme;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.ui.generate.GenerateViewModel;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
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
 * Renders the Generate and History pages with real content at 1280×800 in both themes. Always runs;
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
        robot.interact(() -> {
            vm.selectedProperty().set(2);
        });
        WaitForAsyncUtils.waitForFxEvents();
        shoot("generate.png");

        robot.interact(() -> {
            studio.setTheme(Theme.DARK);
            vm.frameProperty().set(2 * steps + steps / 2); // part-way through block 3: the picture fills in by blocks
        });
        shoot("generate-dark.png");

        robot.interact(() -> studio.shell().show("History"));
        @SuppressWarnings("unchecked")
        TableView<Object> table = robot.lookup("#history-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 12);
        robot.interact(() -> table.getSelectionModel().selectIndices(0, 6));
        shoot("history-dark.png");
        robot.interact(() -> studio.setTheme(Theme.LIGHT));
        shoot("history.png");
    }

    private void shoot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(200); // let background-loaded thumbnails arrive
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] snapshot = new WritableImage[1];
        FxToolkit.setupFixture(() -> snapshot[0] = studio.scene().snapshot(null));
        BufferedImage image = SwingFXUtils.fromFXImage(snapshot[0], null);
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
