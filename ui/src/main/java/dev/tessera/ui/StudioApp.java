package dev.tessera.ui;

import dev.tessera.app.AppLocation;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.generation.engine.TesseraHome;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;

/** The studio window of {@code ./tessera}: Generate, History, Queue and Models. */
public final class StudioApp extends Application {

    private Studio studio;

    @Override
    public void start(Stage stage) {
        TesseraHome home = TesseraHome.current();
        studio = new Studio(home, ModelCatalogue.forInstallation(AppLocation.root(), home));
        studio.show(stage);
        // Opened with a PNG (TesseraMain.pngToOpen): restore its settings as if it had been dropped, once
        // the models are listed (its model is looked up among them).
        TesseraMain.pngToOpen(getParameters().getRaw().toArray(String[]::new))
                .ifPresent(png -> studio.whenStarted(() -> studio.drops().restore(List.of(png.toFile()))));
    }

    @Override
    public void stop() {
        if (studio != null) {
            studio.close();
        }
    }
}
