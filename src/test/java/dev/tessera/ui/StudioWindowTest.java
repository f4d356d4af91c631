package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.models.ModelCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** Opens the real window (headless Monocle in CI) on real folders. */
@ExtendWith(ApplicationExtension.class)
class StudioWindowTest {

    @TempDir Path bundled;
    @TempDir Path user;

    private void show(ModelCatalogue catalogue) throws Exception {
        FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(new InstalledModelsView(catalogue).root(), 1280, 800));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void saysPlainlyWhenNoModelIsInstalled(FxRobot robot) throws Exception {
        show(new ModelCatalogue(bundled, user));
        Label empty = robot.lookup("#models-empty").queryAs(Label.class);
        assertTrue(empty.getText().startsWith("No models are installed"));
    }

    @Test
    void listsBundledAndUserModels(FxRobot robot) throws Exception {
        Files.write(bundled.resolve("acdit-default.safetensors"), new byte[2_000_000]);
        Files.write(user.resolve("my-model.safetensors"), new byte[10]);
        Files.write(user.resolve("notes.txt"), new byte[10]);
        show(new ModelCatalogue(bundled, user));
        @SuppressWarnings("unchecked")
        ListView<String> list = robot.lookup("#models-list").queryAs(ListView.class);
        assertEquals(2, list.getItems().size());
        // a file that is not a model is listed with its problem, not hidden and not fatal
        assertTrue(list.getItems().get(0).startsWith("acdit-default  (bundled, cannot be used:"), list.getItems().get(0));
        assertTrue(list.getItems().get(1).startsWith("my-model  (user, cannot be used:"), list.getItems().get(1));
    }

    @Test
    void showsTheKindOfRealModelFiles(FxRobot robot) throws Exception {
        dev.tessera.generation.modelfile.SafetensorsWriter.write(user.resolve("tiny.safetensors"), java.util.List.of(),
                java.util.Map.of("tessera.model", "acdit"));
        show(new ModelCatalogue(bundled, user));
        @SuppressWarnings("unchecked")
        ListView<String> list = robot.lookup("#models-list").queryAs(ListView.class);
        assertTrue(list.getItems().get(0).startsWith("tiny  (acdit, user, 0.0 MB)"), list.getItems().get(0));
    }

    @org.junit.jupiter.api.AfterEach
    void closeStage() throws Exception {
        FxToolkit.hideStage();
    }
}
