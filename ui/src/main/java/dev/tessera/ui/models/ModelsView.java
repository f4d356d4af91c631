package dev.tessera.ui.models;

import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelDetails;
import dev.tessera.ui.ViewStyles;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The Models view: installed models (bundled and imported) in a table, the selected model's
 * config, provenance and metrics beside it, and import / remove. It binds to a
 * {@link ModelsViewModel}, which holds the state and does the work, and asks the user through
 * {@link ModelDialogs}.
 */
public final class ModelsView {

    private final ModelsViewModel model;
    private final ModelDialogs dialogs;
    private final TableView<InstalledModel> table = new TableView<>();
    private final ModelDetailsPane details = new ModelDetailsPane();
    private final BorderPane root = new BorderPane();

    public ModelsView(ModelsViewModel model) {
        this(model, new FxModelDialogs());
    }

    public ModelsView(ModelsViewModel model, ModelDialogs dialogs) {
        this.model = model;
        this.dialogs = dialogs;
        root.setId("models-view");
        root.getStyleClass().add("studio-view");
        root.getStylesheets().add(ViewStyles.dataUri());
        root.setTop(header());
        BorderPane.setMargin(root.getTop(), new Insets(0, 0, 12, 0));
        SplitPane split = new SplitPane(modelTable(), detailsPane());
        split.setDividerPositions(0.42);
        root.setCenter(split);
    }

    public Node root() {
        return root;
    }

    public String title() {
        return "Models";
    }

    private Node header() {
        Label title = new Label("Models");
        title.getStyleClass().add("view-title");
        Button importButton = new Button("Import model…");
        importButton.setId("models-import");
        importButton.setTooltip(new Tooltip("Add a .safetensors model file; it is checked before it is copied"));
        importButton.disableProperty().bind(model.busyProperty());
        importButton.setOnAction(e -> dialogs.chooseModelFile(window()).ifPresent(file -> model.importModel(file,
                this::confirm)));
        Button remove = new Button("Remove");
        remove.setId("models-remove");
        remove.setTooltip(new Tooltip("Delete an imported model; bundled models belong to the app"));
        remove.disableProperty().bind(model.canRemoveProperty().not());
        remove.setOnAction(e -> model.removeSelected(this::confirm));
        Label message = new Label();
        message.setId("models-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        showTone(message, model.toneProperty().get());
        model.toneProperty().addListener((obs, old, now) -> showTone(message, now));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox titleRow = new HBox(12, title, spacer, importButton, remove);
        titleRow.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, titleRow, message);
    }

    private static void showTone(Label message, ModelsViewModel.Tone tone) {
        message.getStyleClass().setAll("label", switch (tone) {
            case INFO -> "muted";
            case SUCCESS -> "ok-text";
            case ERROR -> "error-text";
        });
    }

    private Node modelTable() {
        table.setId("models-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No models are installed yet.\nLooked in " + model.folders()));
        table.getColumns().add(column("Name", 200, InstalledModel::name));
        table.getColumns().add(column("Kind", 90, m -> m.readable() ? m.kind() : "unusable"));
        table.getColumns().add(column("Source", 90, m -> m.source() == InstalledModel.Source.BUNDLED ? "bundled" : "imported"));
        table.getColumns().add(column("Size", 90, m -> ModelDetails.formatSize(m.sizeBytes())));
        SortedList<InstalledModel> sorted = new SortedList<>(model.models());
        sorted.comparatorProperty().bind(table.comparatorProperty()); // clicking a header sorts a view, not the list
        table.setItems(sorted);
        // The selection lives in the view model; the table follows it and reports the user's clicks.
        table.getSelectionModel().select(model.selectedProperty().get());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> model.select(now));
        model.selectedProperty().addListener((obs, old, now) -> {
            if (!Objects.equals(now, table.getSelectionModel().getSelectedItem())) {
                table.getSelectionModel().select(now);
            }
        });
        showDetails(model.detailsProperty().get());
        model.detailsProperty().addListener((obs, old, now) -> showDetails(now));
        return table;
    }

    private void showDetails(ModelDetails shown) {
        if (shown == null) {
            details.clear();
        } else {
            details.show(shown);
        }
    }

    private Node detailsPane() {
        Label hint = new Label("Select a model to see its configuration, how it was trained and what it measured.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        VBox box = new VBox(8, hint, details.node());
        VBox.setVgrow(details.node(), Priority.ALWAYS);
        box.setPadding(new Insets(0, 0, 0, 12));
        return box;
    }

    private static TableColumn<InstalledModel, String> column(String title, double width,
            Function<InstalledModel, String> value) {
        TableColumn<InstalledModel, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    private boolean confirm(String title, String text, String confirmLabel) {
        return dialogs.confirm(window(), title, text, confirmLabel);
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }
}
