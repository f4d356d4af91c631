package dev.tessera.ui.models;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The real dialogs: a file chooser and a confirmation alert. */
public final class FxModelDialogs implements ModelDialogs {

    @Override
    public Optional<Path> chooseModelFile(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import a Tessera model");
        // "All files" too: the file is judged by its content, and a wrongly named file gets a clear message.
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Safetensors models", "*.safetensors"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(owner);
        return Optional.ofNullable(file).map(File::toPath);
    }

    @Override
    public boolean confirm(Window owner, String title, String text, String confirmLabel) {
        ButtonType yes = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, yes, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        return alert.showAndWait().filter(yes::equals).isPresent();
    }
}
