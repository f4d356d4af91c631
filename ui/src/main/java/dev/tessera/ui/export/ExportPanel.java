package dev.tessera.ui.export;

import dev.tessera.app.export.ExportOptions;
import dev.tessera.app.export.ExportScale;
import dev.tessera.app.export.FolderOpener;
import dev.tessera.app.export.ImageExport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The export controls of a page: scale, transparent background (with its tolerance), seed labels
 * for grids, and Export…, Export grid…, Open folder. When the folder cannot be opened, a line with
 * its path and a Copy path button takes the place of a dialog (so nothing waits for a click).
 * Node ids start with the page's {@code prefix} ("generate-export-image", "history-open-folder", …).
 */
public final class ExportPanel {

    /** What the page has selected. */
    public interface Selection {
        /** The selected image's PNG file. */
        Optional<Path> image();

        /** The files of the batch the grid is made of, in order. */
        List<Path> batch();
    }

    private final ExportViewModel model;
    private final Selection selection;
    private final String prefix;
    private final VBox root = new VBox(6);
    private final FlowPane controls = new FlowPane(8, 6);
    private final Button openFolder;
    private final Label message = new Label();

    /** {@code hasImage}: whether an image is selected (the buttons are off otherwise). */
    public ExportPanel(ExportViewModel model, Selection selection, ObservableBooleanValue hasImage, String prefix) {
        this.model = model;
        this.selection = selection;
        this.prefix = prefix;
        root.setId(prefix + "-export");
        root.getStyleClass().add("export-panel");

        ComboBox<ExportScale> scale = new ComboBox<>();
        scale.getItems().setAll(ExportScale.values());
        scale.setId(prefix + "-export-scale");
        scale.valueProperty().bindBidirectional(model.scaleProperty());
        scale.setConverter(new StringConverter<>() {
            @Override
            public String toString(ExportScale s) {
                return s == null ? "" : s.label();
            }

            @Override
            public ExportScale fromString(String s) {
                return ExportScale.parse(s);
            }
        });
        scale.setTooltip(new Tooltip("Nearest-neighbour enlargement: each model pixel becomes a square"));
        CheckBox transparent = new CheckBox("Transparent");
        transparent.setId(prefix + "-export-transparent");
        transparent.selectedProperty().bindBidirectional(model.transparentProperty());
        transparent.setTooltip(new Tooltip("Transparent background: white that touches the border becomes"
                + " transparent; white inside the emoji stays. The field beside it is the tolerance."));
        TextField tolerance = new TextField();
        tolerance.setId(prefix + "-export-tolerance");
        tolerance.setPrefColumnCount(3);
        tolerance.textProperty().bindBidirectional(model.toleranceProperty());
        tolerance.disableProperty().bind(model.transparentProperty().not());
        tolerance.setTooltip(new Tooltip("Tolerance: how far from pure white (0–254 per channel) still counts as"
                + " background"));
        tolerance.setAccessibleText("Tolerance of the transparent background");
        CheckBox labels = new CheckBox("Seed labels");
        labels.setTooltip(new Tooltip("Draw each image's seed under it in grids"));
        labels.setId(prefix + "-export-labels");
        labels.selectedProperty().bindBidirectional(model.labelsProperty());

        Button exportImage = button("Export…", "-export-image", "Save the selected image at this scale, with its recipe");
        exportImage.setOnAction(e -> exportImage());
        Button exportGrid = button("Export grid…", "-export-grid", "Save the images of this batch tiled into one PNG");
        exportGrid.setOnAction(e -> exportGrid());
        openFolder = button("Open folder", "-open-folder",
                "Show the folder of the last export (or of the selected image) in the file manager");
        openFolder.setOnAction(e -> selection.image().ifPresent(
                image -> model.openFolder(model.folderToOpen(image.toAbsolutePath().getParent()))));
        for (Button b : List.of(exportImage, exportGrid, openFolder)) {
            b.disableProperty().bind(Bindings.not(hasImage).or(model.busyProperty()));
        }

        // One row where the page is wide enough (Generate), wrapping where it is not (History's side pane).
        controls.getChildren().setAll(scale, transparent, tolerance, labels, exportImage, exportGrid, openFolder);
        controls.setAlignment(Pos.CENTER_LEFT);
        message.setId(prefix + "-export-message");
        message.setWrapText(true);
        message.getStyleClass().add("muted");
        message.textProperty().bind(model.messageProperty());
        message.managedProperty().bind(model.messageProperty().isNotEmpty());
        // The failure line takes the row's place until dismissed, so the page does not grow past the window.
        controls.visibleProperty().bind(model.notOpenedProperty().isNull());
        controls.managedProperty().bind(controls.visibleProperty());
        root.getChildren().addAll(controls, message, notOpenedLine());
    }

    public Node node() {
        return root;
    }

    /** Leaves the export messages out of the panel, for a page that shows them elsewhere (the window's status bar). */
    public void showMessagesElsewhere() {
        root.getChildren().remove(message);
    }

    /** Takes Open folder out of the row for the page to place elsewhere (Generate puts it beside Save and Copy). */
    public Button detachOpenFolder() {
        controls.getChildren().remove(openFolder);
        return openFolder;
    }

    private Button button(String text, String idSuffix, String tip) {
        Button button = new Button(text);
        button.setId(prefix + idSuffix);
        button.setTooltip(new Tooltip(tip));
        return button;
    }

    private void exportImage() {
        Optional<Path> image = selection.image();
        Optional<ExportOptions> options = model.options();
        if (image.isEmpty() || options.isEmpty()) {
            return;
        }
        choose("Export image", ImageExport.suggestedName(image.get(), options.get(), false))
                .ifPresent(file -> model.exportImage(image.get(), options.get(), file));
    }

    private void exportGrid() {
        List<Path> batch = selection.batch();
        Optional<ExportOptions> options = model.options();
        if (batch.isEmpty() || options.isEmpty()) {
            return;
        }
        choose("Export grid", ImageExport.suggestedName(batch.get(0), options.get(), true))
                .ifPresent(file -> model.exportGrid(batch, options.get(), file));
    }

    /** Where to write, asked through the model's {@link ExportTarget}, starting in the last export's folder. */
    private Optional<Path> choose(String title, String suggestedName) {
        return model.target().choose(root.getScene() == null ? null : root.getScene().getWindow(), title, suggestedName,
                model.folderToOpen(null));
    }

    /** "Could not open the folder … It is at /path" with Copy path and Dismiss, shown only after a failure. */
    private Node notOpenedLine() {
        Label text = new Label();
        text.setId(prefix + "-open-folder-failure");
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> {
            FolderOpener.NotOpened failed = model.notOpenedProperty().get();
            return failed == null ? "" : failed.message();
        }, model.notOpenedProperty()));
        Button copy = button("Copy path", "-copy-path", "Copy the folder's path to the clipboard");
        copy.setOnAction(e -> {
            FolderOpener.NotOpened failed = model.notOpenedProperty().get();
            if (failed != null) {
                ClipboardContent content = new ClipboardContent();
                content.putString(failed.folder().toString());
                Clipboard.getSystemClipboard().setContent(content);
            }
        });
        Button dismiss = button("Dismiss", "-open-folder-dismiss", "Hide this message");
        dismiss.setOnAction(e -> model.dismissNotOpened());
        HBox line = new HBox(8, text, copy, dismiss);
        HBox.setHgrow(text, Priority.ALWAYS);
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().add("notice");
        line.visibleProperty().bind(model.notOpenedProperty().isNotNull());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }
}
