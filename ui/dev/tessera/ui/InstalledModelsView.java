package dev.tessera.ui;

import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** Lists the installed models, or says plainly that there are none yet. */
final class InstalledModelsView {

    private final BorderPane root = new BorderPane();

    InstalledModelsView(ModelCatalogue catalogue) {
        List<InstalledModel> models = catalogue.list();
        Label title = new Label("Installed models");
        title.setId("models-title");
        title.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        VBox header = new VBox(6, title);
        header.setPadding(new Insets(16));
        root.setTop(header);
        if (models.isEmpty()) {
            Label empty = new Label("No models are installed yet.\nLooked in " + catalogue.folders());
            empty.setId("models-empty");
            empty.setPadding(new Insets(16));
            root.setCenter(empty);
        } else {
            ListView<String> list = new ListView<>();
            list.setId("models-list");
            models.forEach(m -> list.getItems().add(m.readable()
                    ? String.format("%s  (%s, %s, %.1f MB)", m.name(), m.kind(), m.source().name().toLowerCase(), m.sizeBytes() / 1e6)
                    : String.format("%s  (%s, cannot be used: %s)", m.name(), m.source().name().toLowerCase(), m.problem())));
            root.setCenter(list);
        }
    }

    BorderPane root() {
        return root;
    }
}
