package dev.tessera.ui;

import static dev.tessera.app.export.TestPictures.noisy;
import static dev.tessera.app.export.TestPictures.ringOnWhite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.export.FolderOpener;
import dev.tessera.app.export.ImageGrid;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.history.HistoryEntry;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.generation.engine.TesseraHome;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The History page's output features in a real window: the Style column (values, sorting,
 * filtering), exports at ×8 and with a transparent background, the grid of a batch, the difference
 * image of Compare, and "Open folder" when no file manager can be started.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryExportTest {

    @TempDir Path home;
    @TempDir Path bundled;
    @TempDir Path models;
    @TempDir Path exports;
    private Studio studio;
    private TableView<HistoryEntry> table;
    private final List<String> chosenNames = new ArrayList<>();

    @BeforeEach
    void open(FxRobot robot) throws Exception {
        Path day = home.resolve("history/2026-12-05");
        // A batch of two (seeds 10 and 11) in google style, and one twitter image rendered alone.
        write(day.resolve("10-cat-face.png"), ringOnWhite(), recipe("cat face", "google", 10, new Recipe.Batch(0, 2)),
                "2026-12-05T10:00:00Z");
        write(day.resolve("11-cat-face.png"), noisy(5), recipe("cat face", "google", 11, new Recipe.Batch(1, 2)),
                "2026-12-05T10:00:01Z");
        write(day.resolve("30-sun.png"), noisy(5), recipe("sun", "twitter", 30, null), "2026-12-05T11:00:00Z");
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            studio = new Studio(new TesseraHome(home), new ModelCatalogue(bundled, models));
            studio.show(stage);
        });
        StudioStarted.await(studio);
        WaitForAsyncUtils.waitForFxEvents();
        studio.export().setTarget((owner, title, suggested, folder) -> {
            chosenNames.add(suggested);
            return Optional.of(exports.resolve(suggested));
        });
        robot.clickOn("#nav-history");
        table = robot.lookup("#history-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 3);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        WaitForAsyncUtils.waitForFxEvents();
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void styleColumnShowsEachRecipesStyleSortsAndFilters(FxRobot robot) {
        TableColumn<HistoryEntry, ?> style = table.getColumns().stream().filter(c -> c.getText().equals("Style"))
                .findFirst().orElseThrow();
        assertEquals(List.of("twitter", "google", "google"), cells(style));
        assertTrue(style.isSortable());
        robot.interact(() -> {
            style.setSortType(TableColumn.SortType.ASCENDING);
            table.getSortOrder().setAll(style);
        });
        assertEquals(List.of("google", "google", "twitter"), cells(style));

        @SuppressWarnings("unchecked")
        ComboBox<String> filter = robot.lookup("#history-style").queryAs(ComboBox.class);
        assertEquals(List.of("", "google", "twitter"), filter.getItems());
        robot.interact(() -> filter.setValue("twitter"));
        assertEquals(List.of("sun"), table.getItems().stream().map(e -> e.recipe().prompt()).toList());
        robot.interact(() -> filter.setValue(""));
        assertEquals(3, table.getItems().size());
    }

    @Test
    void exportsTheSelectedImageAtX8KeepingItsRecipeAndWithATransparentBackground(FxRobot robot) throws Exception {
        select(robot, "10-cat-face.png");
        robot.clickOn("#history-export-image");
        Path x8 = awaitExport(exports.resolve("10-cat-face-x8.png"));
        BufferedImage big = ImageIO.read(x8.toFile());
        BufferedImage source = ringOnWhite();
        assertEquals(256, big.getWidth());
        assertEquals(256, big.getHeight());
        for (int r = 0; r < 256; r += 3) {
            for (int c = 0; c < 256; c += 5) {
                assertEquals(source.getRGB(c / 8, r / 8) | 0xff000000, big.getRGB(c, r), "pixel " + r + "," + c);
            }
        }
        assertEquals(10, RecipePng.readRecipe(x8).orElseThrow().seed(), "the recipe travels with the export");
        assertTrue(RecipePng.readA1111(x8).isPresent());

        robot.clickOn("#history-export-transparent");
        robot.clickOn("#history-export-image");
        Path cut = awaitExport(exports.resolve("10-cat-face-x8-transparent.png"));
        BufferedImage transparent = ImageIO.read(cut.toFile());
        assertEquals(0, transparent.getRGB(4, 4) >>> 24, "the white background");
        assertEquals(255, transparent.getRGB(15 * 8, 15 * 8) >>> 24, "the white hole inside the ring");
        assertEquals(255, transparent.getRGB(9 * 8, 9 * 8) >>> 24, "the ring");
    }

    @Test
    void aBadToleranceIsRefusedWithAMessage(FxRobot robot) {
        select(robot, "30-sun.png");
        robot.clickOn("#history-export-transparent");
        robot.interact(() -> studio.export().toleranceProperty().set("lots"));
        robot.clickOn("#history-export-image");
        assertEquals("The tolerance must be a whole number from 0 to 254.",
                robot.lookup("#history-export-message").queryAs(Label.class).getText());
        assertTrue(chosenNames.isEmpty(), "nothing was asked or written");
    }

    @Test
    void exportsTheBatchOfTheSelectedImageAsOneLabelledGrid(FxRobot robot) throws Exception {
        select(robot, "11-cat-face.png");
        robot.interact(() -> studio.export().scaleProperty().set(dev.tessera.app.export.ExportScale.X4));
        robot.clickOn("#history-export-grid");
        Path grid = awaitExport(exports.resolve("10-cat-face-grid-x4.png"));
        BufferedImage image = ImageIO.read(grid.toFile());
        int gap = ImageGrid.Layout.DEFAULT_GAP;
        assertEquals(2 * 128 + 3 * gap, image.getWidth(), "the batch's two images side by side");
        assertEquals(128 + ImageGrid.LABEL_HEIGHT + 2 * gap, image.getHeight());
        assertEquals(ringOnWhite().getRGB(15, 15) | 0xff000000, image.getRGB(gap + 15 * 4, gap + 15 * 4), "seed 10 first");
        assertEquals(noisy(5).getRGB(3, 2) | 0xff000000, image.getRGB(2 * gap + 128 + 3 * 4, gap + 2 * 4));
    }

    @Test
    void compareShowsABlackDifferenceForIdenticalPicturesAndItsMean(FxRobot robot) {
        // 11-cat-face and 30-sun hold the same pixels
        robot.interact(() -> table.getSelectionModel().selectIndices(0, 1));
        ImageView diff = robot.lookup("#history-compare-diff").queryAs(ImageView.class);
        Image picture = diff.getImage();
        assertEquals(96, picture.getWidth(), "32 pixels at ×3, as large as the two images beside it");
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                assertEquals(0, FxImages.rgb(picture, x, y), "black at " + x + "," + y);
            }
        }
        assertEquals("Difference: mean |Δ| 0.00 of 255 (shown ×8)",
                robot.lookup("#history-compare-diff-text").queryAs(Label.class).getText());

        robot.interact(() -> table.getSelectionModel().clearSelection());
        robot.interact(() -> table.getSelectionModel().selectIndices(1, 2));
        Image differs = robot.lookup("#history-compare-diff").queryAs(ImageView.class).getImage();
        assertTrue(differs.getPixelReader().getArgb(15 * 3, 15 * 3) != 0xff000000, "ring and noise differ");
        assertFalse(robot.lookup("#history-compare-diff-text").queryAs(Label.class).getText().contains("0.00 of"));
    }

    @Test
    void openFolderThatCannotStartAFileManagerShowsThePathToCopy(FxRobot robot) {
        studio.export().setOpener(new FolderOpener(List.of(new FolderOpener.Way("xdg-open", folder -> {
            throw new IOException("not installed");
        }))));
        select(robot, "30-sun.png");
        Label failure = robot.lookup("#history-open-folder-failure").queryAs(Label.class);
        assertFalse(failure.getParent().isVisible());
        robot.clickOn("#history-open-folder");
        WaitForAsyncUtils.waitForFxEvents();
        awaitTrue(() -> failure.getParent().isVisible());
        Path folder = home.resolve("history/2026-12-05").toAbsolutePath();
        assertEquals("Could not open the folder in a file manager (xdg-open: not installed). It is at " + folder,
                failure.getText());
        // fired, not clicked: the line may sit below the fold of the detail pane
        robot.interact(() -> robot.lookup("#history-copy-path").queryButton().fire());
        robot.interact(() -> assertEquals(folder.toString(), Clipboard.getSystemClipboard().getString()));
        robot.interact(() -> robot.lookup("#history-open-folder-dismiss").queryButton().fire());
        assertFalse(failure.getParent().isVisible());
    }

    @Test
    void openFolderOpensTheFolderOfTheLastExport(FxRobot robot) throws Exception {
        List<Path> opened = new ArrayList<>();
        studio.export().setOpener(new FolderOpener(List.of(new FolderOpener.Way("test", opened::add))));
        select(robot, "30-sun.png");
        robot.clickOn("#history-open-folder");
        awaitTrue(() -> opened.size() == 1);
        assertEquals(home.resolve("history/2026-12-05").toAbsolutePath(), opened.get(0), "before any export");
        robot.clickOn("#history-export-image");
        awaitExport(exports.resolve("30-sun-x8.png"));
        robot.clickOn("#history-open-folder");
        awaitTrue(() -> opened.size() == 2);
        assertEquals(exports.toAbsolutePath(), opened.get(1));
        assertTrue(robot.lookup("#history-export-message").queryAs(Label.class).getText().startsWith("Opened "));
    }

    // ---- helpers ----

    private void select(FxRobot robot, String fileName) {
        robot.interact(() -> table.getSelectionModel().clearAndSelect(table.getItems().indexOf(table.getItems().stream()
                .filter(e -> e.file().getFileName().toString().equals(fileName)).findFirst().orElseThrow())));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Path awaitExport(Path expected) throws Exception {
        awaitTrue(() -> expected.equals(studio.export().lastExportProperty().get()));
        assertTrue(Files.isRegularFile(expected), expected.toString());
        return expected;
    }

    private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out", e);
        }
    }

    private List<Object> cells(TableColumn<HistoryEntry, ?> column) {
        List<Object> values = new ArrayList<>();
        for (HistoryEntry entry : table.getItems()) {
            values.add(column.getCellObservableValue(entry).getValue());
        }
        return values;
    }

    private static Recipe recipe(String prompt, String style, long seed, Recipe.Batch batch) {
        return new Recipe(Recipe.VERSION, prompt, style, seed, 10, 4, 1, "dpm++2m", "acdit-default", "0123456789", 32,
                32, batch);
    }

    private static void write(Path file, BufferedImage image, Recipe recipe, String when) throws IOException {
        RecipePng.write(file, image, recipe);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(when)));
    }
}
