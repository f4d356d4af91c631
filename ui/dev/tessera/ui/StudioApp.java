package dev.tessera.ui;

import dev.tessera.app.AppLocation;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.generation.engine.TesseraHome;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The studio window. For now it shows the installed models; the Generate view lands next. */
public final class StudioApp extends Application {

    @Override
    public void start(Stage stage) {
        ModelCatalogue catalogue = ModelCatalogue.forInstallation(AppLocation.root(), TesseraHome.current());
        InstalledModelsView view = new InstalledModelsView(catalogue);
        stage.setTitle("Tessera");
        stage.setScene(new Scene(view.root(), 1280, 800));
        stage.show();
    }
}
