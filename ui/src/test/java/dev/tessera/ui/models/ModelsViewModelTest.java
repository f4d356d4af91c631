package dev.tessera.ui.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.models.ModelDetails;
import dev.tessera.app.models.TestModelFiles;
import dev.tessera.ui.models.ModelsViewModel.Tone;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Models page's view model without a window or the FX toolkit: the background and UI threads
 * are queues the test runs by hand, and the user's answers are scripted.
 */
class ModelsViewModelTest {

    @TempDir Path dir;
    private final List<Runnable> background = new ArrayList<>();
    private final List<Runnable> uiThread = new ArrayList<>();
    private final ModelsViewTest.ScriptedDialogs dialogs = new ModelsViewTest.ScriptedDialogs();
    private final Deque<Boolean> answers = dialogs.answers;
    private final List<String> asked = dialogs.asked;
    private final List<List<String>> changes = new ArrayList<>();
    private ModelsViewModel model;

    private boolean answer(String title, String text, String confirmLabel) {
        return dialogs.confirm(null, title, text, confirmLabel);
    }

    @BeforeEach
    void open() throws Exception {
        Path bundled = Files.createDirectories(dir.resolve("bundled"));
        TestModelFiles.tesseraModel(bundled.resolve("judge.safetensors"));
        model = new ModelsViewModel(new ModelCatalogue(bundled, dir.resolve("user")), background::add, uiThread::add);
        model.setOnChanged(installed -> changes.add(installed.stream().map(InstalledModel::name).toList()));
    }

    /** Runs the queued background work, then what it handed to the UI thread. */
    private void finishImport() {
        List<Runnable> work = List.copyOf(background);
        background.clear();
        work.forEach(Runnable::run);
        List<Runnable> ui = List.copyOf(uiThread);
        uiThread.clear();
        ui.forEach(Runnable::run);
    }

    private List<String> names() {
        return model.models().stream().map(InstalledModel::name).toList();
    }

    private String detail(String name) {
        ModelDetails details = model.detailsProperty().get();
        return List.of(details.file(), details.config(), details.provenance(), details.metrics()).stream()
                .flatMap(List::stream).filter(e -> e.name().equals(name)).findFirst()
                .map(ModelDetails.Entry::value).orElse(null);
    }

    @Test
    void listsTheInstalledModelsAndShowsTheSelectedOnesDetails() {
        assertEquals(List.of("judge"), names());
        assertEquals(List.of(List.of("judge")), changes, "the listener hears the list at once");
        assertEquals("judge", model.selectedProperty().get().name(), "the first model is selected");
        assertEquals("12", detail("Training steps"));
        assertEquals("98.8", detail("Style accuracy (%) — clean"));
        assertEquals("bundled with Tessera", detail("Source"));
        assertFalse(model.canRemoveProperty().get(), "bundled models cannot be removed");
        assertEquals("Bundled models ship with Tessera; imported ones are kept in " + dir.resolve("user") + ".",
                model.messageProperty().get());
        assertThrows(UnsupportedOperationException.class, () -> model.models().clear(), "the list is read-only outside");

        model.select(null);
        assertNull(model.detailsProperty().get());
        model.removeSelected(this::answer);
        assertTrue(asked.isEmpty(), "nothing selected: nothing to ask");
    }

    @Test
    void importsARealModelFileInTheBackgroundAndRemovesItAfterConfirmation() throws Exception {
        Path source = TinyAcditModelFile.write(dir.resolve("tiny acdit.safetensors"));
        model.importModel(source, this::answer);
        assertTrue(model.busyProperty().get());
        assertEquals("Checking and importing tiny acdit.safetensors…", model.messageProperty().get());
        assertFalse(model.canRemoveProperty().get());
        assertEquals(List.of("judge"), names(), "nothing changes before the import ran");

        finishImport();
        assertFalse(model.busyProperty().get());
        Path installed = dir.resolve("user/tiny acdit.safetensors");
        assertTrue(Files.exists(installed));
        assertEquals(List.of("judge", "tiny acdit"), names());
        assertEquals(List.of("judge", "tiny acdit"), changes.get(changes.size() - 1), "the model picker hears it");
        assertEquals("tiny acdit", model.selectedProperty().get().name(), "the new model is selected");
        assertEquals("acdit", detail("Kind"));
        assertEquals("imported by you", detail("Source"));
        assertEquals("16", detail("imageSize"), "its config is inspected from the file");
        assertTrue(model.messageProperty().get().startsWith("Imported “tiny acdit” (acdit, "), model.messageProperty().get());
        assertEquals(Tone.SUCCESS, model.toneProperty().get());

        assertTrue(model.canRemoveProperty().get());
        answers.add(false);
        model.removeSelected(this::answer);
        assertTrue(Files.exists(installed), "declining keeps the model");
        answers.add(true);
        model.removeSelected(this::answer);
        assertEquals(List.of("Remove “tiny acdit”? | Remove", "Remove “tiny acdit”? | Remove"), asked);
        assertFalse(Files.exists(installed));
        assertEquals(List.of("judge"), names());
        assertEquals("judge", model.selectedProperty().get().name());
        assertEquals("Removed “tiny acdit”.", model.messageProperty().get());
    }

    @Test
    void aBadFileIsNotImportedAndTheMessageSaysWhichAndWhy() throws Exception {
        Path truncated = TestModelFiles.truncated(dir.resolve("cut.safetensors"));
        model.importModel(truncated, this::answer);
        finishImport();
        assertTrue(model.messageProperty().get().startsWith("Not imported: " + truncated + ": "),
                model.messageProperty().get());
        assertEquals(Tone.ERROR, model.toneProperty().get());
        assertFalse(model.busyProperty().get());

        Path foreign = TestModelFiles.foreignSafetensors(dir.resolve("other.safetensors"));
        model.importModel(foreign, this::answer);
        finishImport();
        assertEquals("Not imported: " + foreign + ": is a valid safetensors file but not a Tessera model: its metadata"
                + " has no 'tessera.model' entry (Tessera model files record their kind, config and provenance)",
                model.messageProperty().get());

        assertEquals(List.of("judge"), names(), "nothing was installed");
        assertFalse(Files.exists(dir.resolve("user/cut.safetensors")));
    }

    @Test
    void aSecondImportWhileOneRunsIsRefused() throws Exception {
        model.importModel(TestModelFiles.tesseraModel(dir.resolve("a.safetensors")), this::answer);
        model.importModel(TestModelFiles.tesseraModel(dir.resolve("b.safetensors")), this::answer);
        assertEquals("An import is under way; wait for it to finish.", model.messageProperty().get());
        assertEquals(1, background.size());
        finishImport();
        assertEquals(List.of("judge", "a"), names());
    }

    @Test
    void aNameClashAsksBeforeImportingUnderAFreeName() throws Exception {
        Path source = TestModelFiles.tesseraModel(dir.resolve("judge.safetensors"));
        answers.add(false);
        model.importModel(source, this::answer);
        finishImport();
        assertEquals(List.of("A model named “judge” is already installed | Import as judge-2"), asked);
        assertEquals("Not imported: a model named “judge” is already installed.", model.messageProperty().get());

        answers.add(true);
        model.importModel(source, this::answer);
        finishImport(); // the check, which finds the clash and asks
        finishImport(); // the import under the free name
        assertEquals(List.of("judge", "judge-2"), names());
        assertEquals("judge-2", model.selectedProperty().get().name());
    }
}
