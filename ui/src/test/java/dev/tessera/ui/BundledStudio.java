package dev.tessera.ui;

import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.generation.engine.TesseraHome;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The studio window the page tests open: the bundled models (assets/models), a fresh data folder and
 * user models folder, and the random seed 12345. Closing hides the stage and frees the studio.
 */
final class BundledStudio implements AutoCloseable {

    static final Path BUNDLED = Path.of("assets", "models");

    private Studio studio;

    private BundledStudio() {}

    static BundledStudio open(Path home, Path userModels) throws Exception {
        BundledStudio window = new BundledStudio();
        FxToolkit.setupStage(stage -> {
            window.studio = new Studio(new TesseraHome(home), new ModelCatalogue(BUNDLED, userModels), () -> 12345);
            window.studio.show(stage);
        });
        StudioStarted.await(window.studio);
        WaitForAsyncUtils.waitForFxEvents();
        return window;
    }

    Studio studio() {
        return studio;
    }

    /** Chooses the model called {@code name} in Generate's Model box, failing the test if it is not offered. */
    static void chooseModel(FxRobot robot, String name) {
        @SuppressWarnings("unchecked")
        ComboBox<InstalledModel> box = robot.lookup("#model").queryAs(ComboBox.class);
        InstalledModel model = box.getItems().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not offered: " + box.getItems()));
        robot.interact(() -> box.setValue(model));
    }

    @Override
    public void close() throws java.util.concurrent.TimeoutException {
        FxToolkit.hideStage();
        WaitForAsyncUtils.waitForFxEvents();
        if (studio != null) {
            studio.close();
        }
    }
}
