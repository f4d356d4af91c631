package dev.tessera.ui.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.models.TestModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The Models view bound to its view model in a real (headless) window; the file chooser and confirmations are scripted. */
@ExtendWith(ApplicationExtension.class)
class ModelsViewTest {

    @TempDir Path dir;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private ModelsView view;

    /** Answers the view's questions from queues and records what was asked. */
    static final class ScriptedDialogs implements ModelDialogs {
        final Deque<Path> files = new ArrayDeque<>();
        final Deque<Boolean> answers = new ArrayDeque<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public Optional<Path> chooseModelFile(Window owner) {
            return Optional.ofNullable(files.poll());
        }

        @Override
        public boolean confirm(Window owner, String title, String text, String confirmLabel) {
            asked.add(title + " | " + confirmLabel);
            return answers.remove();
        }
    }

    @BeforeEach
    void show() throws Exception {
        Path bundled = Files.createDirectories(dir.resolve("bundled"));
        TestModelFiles.tesseraModel(bundled.resolve("judge.safetensors"));
        ModelCatalogue catalogue = new ModelCatalogue(bundled, dir.resolve("user"));
        FxToolkit.setupStage(stage -> {
            view = new ModelsView(new ModelsViewModel(catalogue, background, Platform::runLater), dialogs);
            stage.setScene(new Scene((Parent) view.root(), 1280, 800));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        background.shutdownNow();
        FxToolkit.hideStage();
    }

    @SuppressWarnings("unchecked")
    private TableView<InstalledModel> table(FxRobot robot) {
        return robot.lookup("#models-table").queryAs(TableView.class);
    }

    private String message(FxRobot robot) {
        return robot.lookup("#models-message").queryAs(Label.class).getText();
    }

    private void importFile(FxRobot robot, Path file) throws Exception {
        dialogs.files.add(file);
        robot.clickOn("#models-import");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> !robot.lookup("#models-import").queryButton().isDisabled() && !message(robot).startsWith("Checking"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String detail(FxRobot robot, String name) {
        return robot.lookup("." + ModelDetailsPane.VALUE_CLASS).queryAllAs(Label.class).stream()
                .filter(l -> name.equals(l.getUserData())).findFirst().map(Label::getText).orElse(null);
    }

    @Test
    void showsDetailsAndKeepsBundledModelsFromBeingRemoved(FxRobot robot) {
        assertEquals(List.of("judge"), table(robot).getItems().stream().map(InstalledModel::name).toList());
        assertEquals("judge", table(robot).getSelectionModel().getSelectedItem().name());
        assertEquals("12", detail(robot, "Training steps"));
        assertEquals("98.8", detail(robot, "Style accuracy (%) — clean"));
        assertEquals("[8,16]", detail(robot, "widths"));
        assertEquals("bundled with Tessera", detail(robot, "Source"));
        assertTrue(robot.lookup("#models-remove").queryButton().isDisabled());
    }

    @Test
    void metricsShowWithReadableNamesAndUnitsAndUnknownKeysAsTheyAre(FxRobot robot) {
        assertEquals("87.2", detail(robot, "Identity top-5 (%)"));
        assertEquals("27.10", detail(robot, "FED (lower is better)"));
        assertEquals("0.835 s", detail(robot, "Seconds per image"));
        assertEquals("0.5000", detail(robot, "wobble"));
        assertEquals("11.0 min", detail(robot, "Training time"));
        assertEquals("16", detail(robot, "Parameters"), "counted from the file's one 4x4 tensor");
        assertEquals(null, detail(robot, "top5"), "the raw key is not shown for a known measure");
    }

    @Test
    void importsAValidFileAndRemovesItAfterConfirmation(FxRobot robot) throws Exception {
        Path source = TestModelFiles.tesseraModel(dir.resolve("my-judge.safetensors"));
        importFile(robot, source);
        assertTrue(message(robot).startsWith("Imported “my-judge” (judge, "), message(robot));
        Path installed = dir.resolve("user/my-judge.safetensors");
        assertTrue(Files.exists(installed));
        assertEquals("my-judge", table(robot).getSelectionModel().getSelectedItem().name(), "the new model is selected");
        assertEquals("imported by you", detail(robot, "Source"));
        assertFalse(robot.lookup("#models-remove").queryButton().isDisabled());

        dialogs.answers.add(false);
        robot.clickOn("#models-remove");
        assertTrue(Files.exists(installed), "declining keeps the model");
        dialogs.answers.add(true);
        robot.clickOn("#models-remove");
        assertEquals(List.of("Remove “my-judge”? | Remove", "Remove “my-judge”? | Remove"), dialogs.asked);
        assertFalse(Files.exists(installed));
        assertEquals(List.of("judge"), table(robot).getItems().stream().map(InstalledModel::name).toList());
        assertEquals("Removed “my-judge”.", message(robot));
    }

    @Test
    void rejectsCorruptAndPickleFilesWithTheirProblem(FxRobot robot) throws Exception {
        Path truncated = TestModelFiles.truncated(dir.resolve("cut.safetensors"));
        importFile(robot, truncated);
        assertTrue(message(robot).startsWith("Not imported: " + truncated + ": "), message(robot));

        Path pickle = TestModelFiles.pickle(dir.resolve("weights.ckpt"));
        importFile(robot, pickle);
        assertTrue(message(robot).startsWith("Not imported: " + pickle + ": is a PyTorch pickle"), message(robot));

        assertEquals(1, table(robot).getItems().size(), "nothing was installed");
        assertFalse(Files.exists(dir.resolve("user/cut.safetensors")));
    }

    @Test
    void aNameClashAsksBeforeImportingUnderAFreeName(FxRobot robot) throws Exception {
        Path source = TestModelFiles.tesseraModel(dir.resolve("judge.safetensors"));
        dialogs.answers.add(false);
        importFile(robot, source);
        assertEquals("Not imported: a model named “judge” is already installed.", message(robot));

        dialogs.answers.add(true);
        importFile(robot, source);
        assertEquals("A model named “judge” is already installed | Import as judge-2", dialogs.asked.get(1));
        assertEquals(List.of("judge", "judge-2"), table(robot).getItems().stream().map(InstalledModel::name).toList());
    }
}
