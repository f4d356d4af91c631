package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.png.PngTextChunks;
import dev.tessera.app.settings.SeedMode;
import dev.tessera.app.settings.Theme;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
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

/** The studio window: navigation, settings across runs, corrupt settings, the history filter and dropped PNGs. */
@ExtendWith(ApplicationExtension.class)
class StudioShellTest {

    @TempDir static Path models;
    @TempDir Path home;
    @TempDir Path bundled;
    @TempDir Path files;
    private Studio studio;
    private Stage stage;

    @BeforeAll
    static void writeModel() throws Exception {
        TinyAcditModelFile.write(models.resolve("tiny.safetensors"));
    }

    private Studio open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            studio = new Studio(new TesseraHome(home), new ModelCatalogue(bundled, models));
            studio.show(s);
        });
        StudioStarted.await(studio);
        WaitForAsyncUtils.waitForFxEvents();
        return studio;
    }

    private void closeWindow() throws Exception {
        FxToolkit.hideStage(); // closing the window saves the settings
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        closeWindow();
        if (studio != null) {
            studio.close();
        }
        FxToolkit.setupFixture(() -> Application.setUserAgentStylesheet(null));
    }

    @Test
    void everyViewIsReachableByKeyboard(FxRobot robot) throws Exception {
        open();
        assertEquals("Generate", studio.shell().current().title());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        assertEquals("History", studio.shell().current().title());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        assertEquals("Queue", studio.shell().current().title());
        assertTrue(robot.lookup("#queue-view").tryQuery().isPresent());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        assertEquals("Models", studio.shell().current().title());
        assertTrue(robot.lookup("#models-view").tryQuery().isPresent());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        assertEquals("Generate", studio.shell().current().title());
        // the Generate view puts the caret in the prompt, so typing starts right away
        robot.write("owl");
        assertEquals("owl", studio.generate().form().promptProperty().get());
        // Ctrl+Shift+T switches the theme (field mnemonics such as Alt+T do not reach Monocle's headless robot)
        Theme before = studio.theme();
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        assertEquals(before == Theme.DARK ? Theme.LIGHT : Theme.DARK, studio.theme());
    }

    @Test
    void settingsAreRememberedAcrossTwoRuns(FxRobot robot) throws Exception {
        open();
        robot.clickOn("#prompt").write("happy sun");
        robot.interact(() -> {
            studio.generate().form().stepsProperty().set("17");
            studio.generate().form().samplerProperty().set(SamplerKind.EULER);
            studio.generate().form().seedModeProperty().set(SeedMode.LOCKED);
            studio.generate().form().promptHistory().setAll("happy sun", "moon");
            stage.setX(40);
            stage.setY(30);
            stage.setWidth(1100);
            stage.setHeight(720);
        });
        robot.clickOn("View").clickOn("#theme-dark");
        assertEquals(Theme.DARK, studio.theme());
        closeWindow();
        assertTrue(Files.readString(home.resolve("settings.json")).contains("happy sun"));

        open();
        assertEquals("happy sun", robot.lookup("#prompt").queryAs(TextField.class).getText());
        assertEquals("17", robot.lookup("#steps").queryAs(TextField.class).getText());
        assertEquals(SamplerKind.EULER, studio.generate().form().samplerProperty().get());
        assertEquals(SeedMode.LOCKED, studio.generate().form().seedModeProperty().get());
        assertTrue(robot.lookup("#seed-locked").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
        robot.clickOn("#prompt-history"); // the drop-down lists the remembered prompts, newest first
        assertEquals(List.of("happy sun", "moon"), robot.lookup(".context-menu .menu-item .label")
                .queryAllAs(Label.class).stream().map(Label::getText).toList());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertEquals(Theme.DARK, studio.theme());
        assertTrue(Application.getUserAgentStylesheet().contains("primer-dark"), Application.getUserAgentStylesheet());
        assertEquals(1100, stage.getWidth(), 1);
        assertEquals(720, stage.getHeight(), 1);
        assertEquals(40, stage.getX(), 1);
    }

    @Test
    void aCorruptSettingsFileOpensWithDefaultsAWarningAndTheFileKept(FxRobot robot) throws Exception {
        Files.writeString(home.resolve("settings.json"), "{\"generate\": {\"prompt\": ");
        open();
        Label status = robot.lookup("#status-message").queryAs(Label.class);
        assertTrue(status.getText().startsWith("Warning: The settings file " + home.resolve("settings.json")
                + " could not be read"), status.getText());
        assertEquals("", studio.generate().form().promptProperty().get());
        try (Stream<Path> list = Files.list(home)) {
            Path kept = list.filter(f -> f.getFileName().toString().startsWith("settings.json.corrupt-")).findFirst()
                    .orElseThrow();
            assertEquals("{\"generate\": {\"prompt\": ", Files.readString(kept));
        }
    }

    @Test
    void historyFiltersByPromptModelAndDateAndSendsSettingsToGenerate(FxRobot robot) throws Exception {
        writeHistory("2026-11-20/1-cat.png", "cat face", "tiny", 1, "2026-11-20T10:00:00Z");
        writeHistory("2026-11-25/2-cat.png", "smiling cat", "other", 2, "2026-11-25T10:00:00Z");
        writeHistory("2026-11-27/3-dog.png", "dog", "tiny", 3, "2026-11-27T10:00:00Z");
        open();
        robot.clickOn("#nav-history");
        @SuppressWarnings("unchecked")
        TableView<dev.tessera.app.history.HistoryEntry> table = robot.lookup("#history-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 3);
        robot.clickOn("#history-filter").write("cat");
        assertEquals(List.of("smiling cat", "cat face"), prompts(table));
        robot.interact(() -> studio.history().modelProperty().set("tiny"));
        assertEquals(List.of("cat face"), prompts(table));
        robot.interact(() -> {
            studio.history().modelProperty().set("");
            studio.history().textProperty().set("");
            studio.history().fromProperty().set(LocalDate.parse("2026-11-24"));
        });
        assertEquals(List.of("dog", "smiling cat"), prompts(table));

        // two selected: side by side with their pixel difference
        robot.interact(() -> table.getSelectionModel().selectIndices(0, 1));
        Label compare = robot.lookup("#history-compare-result").queryAs(Label.class);
        assertEquals("Pixels: differs: max |Δ| = 1 (of 255)", compare.getText());

        robot.interact(() -> table.getSelectionModel().clearAndSelect(1));
        robot.clickOn("#history-use");
        assertEquals("Generate", studio.shell().current().title());
        assertEquals("smiling cat", robot.lookup("#prompt").queryAs(TextField.class).getText());
        assertEquals("2", robot.lookup("#seed").queryAs(TextField.class).getText());
        Label notice = robot.lookup("#notice").queryAs(Label.class);
        assertEquals("Restored prompt, style, seed, steps, guidance, style strength, sampler from the history. Could not restore:"
                + " model \"other\" (not installed).", notice.getText());
    }

    @Test
    void droppingAPngRestoresWhatItCanAndSaysWhatNot(FxRobot robot) throws Exception {
        open();
        robot.clickOn("#nav-history");
        Path sd = files.resolve("sd.png");
        try (OutputStream out = Files.newOutputStream(sd)) {
            PngTextChunks.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), Map.of("parameters",
                    "a red apple\nNegative prompt: blurry\nSteps: 30, Sampler: Euler a, CFG scale: 7, Seed: 1234,"
                            + " Size: 512x512"), out);
        }
        robot.interact(() -> assertTrue(studio.drops().restore(List.of(sd.toFile()))));
        assertEquals("Generate", studio.shell().current().title());
        assertEquals("a red apple", robot.lookup("#prompt").queryAs(TextField.class).getText());
        assertEquals("30", robot.lookup("#steps").queryAs(TextField.class).getText());
        assertEquals("7", robot.lookup("#guidance").queryAs(TextField.class).getText());
        assertEquals("1234", robot.lookup("#seed").queryAs(TextField.class).getText());
        Label notice = robot.lookup("#notice").queryAs(Label.class);
        assertTrue(notice.isVisible());
        assertEquals("blurry", robot.lookup("#negative-prompt").queryAs(TextField.class).getText());
        assertEquals("Restored prompt, negative prompt, seed, steps, guidance from sd.png (A1111 parameters). Could not"
                + " restore: sampler \"Euler a\" (not available here); size 512x512 (the model decides the size).",
                notice.getText());

        Path plain = files.resolve("plain.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", plain.toFile());
        robot.interact(() -> assertFalse(studio.drops().restore(List.of(plain.toFile()))));
        assertTrue(notice.getText().startsWith("plain.png is a PNG without generation settings"), notice.getText());
        assertEquals("a red apple", studio.generate().form().promptProperty().get());
        Label status = robot.lookup("#status-message").queryAs(Label.class);
        assertTrue(status.getText().startsWith("Error: plain.png is a PNG without"), status.getText());

        Path text = Files.writeString(files.resolve("notes.txt"), "hi");
        robot.interact(() -> assertFalse(studio.drops().restore(List.of(text.toFile()))));
        assertEquals("notes.txt is not a PNG image, so it carries no generation settings.", notice.getText());
    }

    private void writeHistory(String name, String prompt, String model, long seed, String when) throws Exception {
        Path file = home.resolve("history").resolve(name);
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, (int) seed * 0x010101);
        RecipePng.write(file, image, new Recipe(Recipe.VERSION, prompt, "google", seed, 10, 1.5, 0, "dpm++2m", model,
                "0123456789", 16, 16, null));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(when)));
    }

    private static List<String> prompts(TableView<dev.tessera.app.history.HistoryEntry> table) {
        return table.getItems().stream().map(e -> e.recipe().prompt()).toList();
    }
}
