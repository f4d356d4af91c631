package dev.tessera.ui.models;

import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.models.ModelDetails;
import dev.tessera.app.models.ModelImportException;
import dev.tessera.app.models.ModelInstaller;
import dev.tessera.app.models.ModelNameTakenException;
import dev.tessera.ui.ViewStyles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.concurrent.Task;
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
 * config, provenance and metrics beside it, and import / remove. Imports run in the background
 * (a model file can be large) and are checked by content before anything is installed.
 */
public final class ModelsView implements AutoCloseable {

    private final ModelCatalogue catalogue;
    private final ModelInstaller installer;
    private final ModelDialogs dialogs;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "tessera-model-import");
        thread.setDaemon(true);
        return thread;
    });
    private final TableView<InstalledModel> table = new TableView<>();
    private final ModelDetailsPane details = new ModelDetailsPane();
    private final Label message = new Label();
    private final SimpleStringProperty messageStyle = new SimpleStringProperty("muted");
    private final SimpleBooleanProperty busy = new SimpleBooleanProperty();
    private final BorderPane root = new BorderPane();
    private java.util.function.Consumer<List<InstalledModel>> onChanged = models -> {};

    public ModelsView(ModelCatalogue catalogue) {
        this(catalogue, new FxModelDialogs());
    }

    public ModelsView(ModelCatalogue catalogue, ModelDialogs dialogs) {
        this.catalogue = catalogue;
        this.installer = new ModelInstaller(catalogue);
        this.dialogs = dialogs;
        root.setId("models-view");
        root.getStyleClass().add("studio-view");
        root.getStylesheets().add(ViewStyles.dataUri());
        root.setTop(header());
        BorderPane.setMargin(root.getTop(), new Insets(0, 0, 12, 0));
        SplitPane split = new SplitPane(modelTable(), detailsPane());
        split.setDividerPositions(0.42);
        root.setCenter(split);
        refresh(null);
        say("Bundled models ship with Tessera; imported ones are kept in " + catalogue.userFolder() + ".", "muted");
    }

    public Node root() {
        return root;
    }

    /** Told the installed models after every import or removal (and once now), e.g. to refresh a model picker. */
    public void setOnChanged(java.util.function.Consumer<List<InstalledModel>> listener) {
        this.onChanged = listener;
        listener.accept(List.copyOf(table.getItems()));
    }

    public String title() {
        return "Models";
    }

    @Override
    public void close() {
        background.shutdownNow();
    }

    // ---- layout ----

    private Node header() {
        Label title = new Label("Models");
        title.getStyleClass().add("view-title");
        Button importButton = new Button("Import model…");
        importButton.setId("models-import");
        importButton.setTooltip(new Tooltip("Add a .safetensors model file; it is checked before it is copied"));
        importButton.disableProperty().bind(busy);
        importButton.setOnAction(e -> chooseAndImport());
        Button remove = new Button("Remove");
        remove.setId("models-remove");
        remove.setTooltip(new Tooltip("Delete an imported model; bundled models belong to the app"));
        remove.disableProperty().bind(Bindings.createBooleanBinding(() -> busy.get() || !removable(
                table.getSelectionModel().getSelectedItem()), busy, table.getSelectionModel().selectedItemProperty()));
        remove.setOnAction(e -> removeSelected());
        message.setId("models-message");
        message.setWrapText(true);
        messageStyle.addListener((obs, old, now) -> message.getStyleClass().setAll("label", now));
        message.getStyleClass().add("muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox titleRow = new HBox(12, title, spacer, importButton, remove);
        titleRow.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, titleRow, message);
    }

    private Node modelTable() {
        table.setId("models-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No models are installed yet.\nLooked in " + catalogue.folders()));
        table.getColumns().add(column("Name", 200, InstalledModel::name));
        table.getColumns().add(column("Kind", 90, m -> m.readable() ? m.kind() : "unusable"));
        table.getColumns().add(column("Source", 90, m -> m.source() == InstalledModel.Source.BUNDLED ? "bundled" : "imported"));
        table.getColumns().add(column("Size", 90, m -> ModelDetails.formatSize(m.sizeBytes())));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, model) -> {
            if (model == null) {
                details.clear();
            } else {
                details.show(ModelDetails.of(model));
            }
        });
        return table;
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
            java.util.function.Function<InstalledModel, String> value) {
        TableColumn<InstalledModel, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    // ---- actions ----

    private static boolean removable(InstalledModel model) {
        return model != null && model.source() == InstalledModel.Source.USER;
    }

    private void chooseAndImport() {
        dialogs.chooseModelFile(window()).ifPresent(file -> importInBackground(file, ModelInstaller.defaultName(file)));
    }

    private void importInBackground(Path file, String name) {
        busy.set(true);
        say("Checking and importing " + file.getFileName() + "…", "muted");
        Task<InstalledModel> task = new Task<>() {
            @Override
            protected InstalledModel call() throws ModelImportException {
                return installer.importModel(file, name);
            }
        };
        task.setOnSucceeded(e -> {
            busy.set(false);
            InstalledModel model = task.getValue();
            refresh(model.file());
            say("Imported “" + model.name() + "” (" + model.kind() + ", " + ModelDetails.formatSize(model.sizeBytes())
                    + ").", "ok-text");
        });
        task.setOnFailed(e -> {
            busy.set(false);
            Throwable problem = task.getException();
            if (problem instanceof ModelNameTakenException taken) {
                offerFreeName(file, taken);
            } else {
                say("Not imported: " + problem.getMessage(), "error-text");
            }
        });
        background.execute(task);
    }

    /** Never overwrites: asks whether to import under a free name instead. */
    private void offerFreeName(Path file, ModelNameTakenException taken) {
        String free = taken.suggestedName();
        boolean rename = dialogs.confirm(window(), "A model named “" + taken.name() + "” is already installed",
                "The installed model is kept as it is. Import " + file.getFileName() + " as “" + free + "” instead?",
                "Import as " + free);
        if (rename) {
            importInBackground(file, free);
        } else {
            say("Not imported: a model named “" + taken.name() + "” is already installed.", "error-text");
        }
    }

    private void removeSelected() {
        InstalledModel model = table.getSelectionModel().getSelectedItem();
        if (!removable(model)) {
            return;
        }
        boolean sure = dialogs.confirm(window(), "Remove “" + model.name() + "”?",
                "This deletes " + model.file() + ". Images made with it are kept.", "Remove");
        if (!sure) {
            return;
        }
        try {
            installer.remove(model);
            refresh(null);
            say("Removed “" + model.name() + "”.", "ok-text");
        } catch (Exception e) {
            refresh(null);
            say("Not removed: " + e.getMessage(), "error-text");
        }
    }

    /** Reloads the list and selects {@code select} (or the first model). */
    private void refresh(Path select) {
        List<InstalledModel> models = catalogue.list();
        table.getItems().setAll(models);
        onChanged.accept(models);
        models.stream().filter(m -> m.file().equals(select)).findFirst()
                .ifPresentOrElse(m -> table.getSelectionModel().select(m), () -> table.getSelectionModel().selectFirst());
    }

    private void say(String text, String style) {
        message.setText(text);
        messageStyle.set(style);
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }
}
