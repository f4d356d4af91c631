package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.export.ExportScale;
import dev.tessera.app.export.ImageGrid;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.ui.generate.GenerateViewModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** Exports from the Generate page after a real render with the bundled default model (one step per block). */
@ExtendWith(ApplicationExtension.class)
class GenerateExportTest {

    private static final Path BUNDLED = Path.of("assets", "models");
    @TempDir Path models;
    @TempDir Path home;
    @TempDir Path exports;
    private Studio studio;

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        WaitForAsyncUtils.waitForFxEvents();
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void exportsTheSelectedRenderAtX8AndTheBatchAsAGrid(FxRobot robot) throws Exception {
        FxToolkit.setupStage(stage -> {
            studio = new Studio(new TesseraHome(home), new ModelCatalogue(BUNDLED, models), () -> 12345);
            studio.show(stage);
        });
        StudioStarted.await(studio);
        WaitForAsyncUtils.waitForFxEvents();
        GenerateViewModel vm = studio.generate();
        studio.export().setTarget((owner, title, suggested, folder) -> Optional.of(exports.resolve(suggested)));
        assertTrue(robot.lookup("#generate-export-image").queryButton().isDisabled(), "nothing to export yet");
        robot.interact(() -> {
            vm.form().promptProperty().set("cat face");
            vm.form().seedProperty().set("7");
            vm.form().stepsProperty().set("1");
            vm.form().countProperty().set("3");
        });
        robot.interact(vm::generate);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        robot.interact(() -> vm.selectedProperty().set(1));
        Path source = vm.results().get(1).historyFile();
        robot.clickOn("#generate-export-image");
        Path x8 = exports.resolve(source.getFileName().toString().replace(".png", "-x8.png"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> x8.equals(studio.export().lastExportProperty().get()));
        BufferedImage small = ImageIO.read(source.toFile());
        BufferedImage big = ImageIO.read(x8.toFile());
        assertEquals(256, big.getWidth());
        assertEquals(256, big.getHeight());
        for (int r = 0; r < 256; r++) {
            for (int c = 0; c < 256; c++) {
                assertEquals(small.getRGB(c / 8, r / 8), big.getRGB(c, r), "pixel " + r + "," + c);
            }
        }
        assertEquals(8, RecipePng.readRecipe(x8).orElseThrow().seed(), "the second image's recipe");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Exported " + x8 + " (with its recipe).",
                robot.lookup("#status-message").queryAs(javafx.scene.control.Label.class).getText(),
                "Generate reports exports in the status bar");

        robot.interact(() -> studio.export().scaleProperty().set(ExportScale.X1));
        robot.clickOn("#generate-export-grid");
        Path first = vm.results().get(0).historyFile();
        Path grid = exports.resolve(first.getFileName().toString().replace(".png", "-grid.png"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> grid.equals(studio.export().lastExportProperty().get()));
        BufferedImage tiled = ImageIO.read(grid.toFile());
        int gap = ImageGrid.Layout.DEFAULT_GAP;
        assertEquals(2 * 32 + 3 * gap, tiled.getWidth(), "three images: two columns");
        assertEquals(2 * (32 + ImageGrid.LABEL_HEIGHT) + 3 * gap, tiled.getHeight(), "two rows with seed labels");
        BufferedImage third = ImageIO.read(vm.results().get(2).historyFile().toFile());
        assertEquals(third.getRGB(10, 20), tiled.getRGB(gap + 10, 2 * gap + 32 + ImageGrid.LABEL_HEIGHT + 20),
                "the third image starts the second row");
        assertEquals(List.of(), Files.list(exports).filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
    }
}
