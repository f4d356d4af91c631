package dev.tessera.ui.queue;

import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobState;
import dev.tessera.ui.ViewStyles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.geometry.Orientation;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Queue view: the jobs with their state and progress, the queue's totals, and every action on
 * them. Editing and sweeps open as a form on the right, so the queue stays in sight.
 *
 * <p>Keyboard: Alt+Up / Alt+Down move the selected job, Delete removes it; rows can also be dragged.
 */
public final class QueueView {

    private final QueueViewModel model;
    private final JobTable table;
    private final JobEditorPane editor;
    private final SweepPane sweep;
    private final BorderPane root = new BorderPane();

    /**
     * @param catalogue     where the sweep form finds ACDiT models
     * @param defaultOutput the sweep form's initial output folder
     */
    public QueueView(QueueViewModel model, ModelCatalogue catalogue, Path defaultOutput) {
        this(model, catalogue, defaultOutput, Thumbnails.loadingOn(java.util.concurrent.ForkJoinPool.commonPool()));
    }

    /** @param thumbnails where the table's pictures of finished images come from */
    public QueueView(QueueViewModel model, ModelCatalogue catalogue, Path defaultOutput, Thumbnails thumbnails) {
        this.model = model;
        this.table = new JobTable(model, thumbnails);
        this.editor = new JobEditorPane(model, this::closeSidePane);
        this.sweep = new SweepPane(model, () -> imageModels(catalogue), defaultOutput, this::closeSidePane);
        root.getStyleClass().add("studio-view");
        root.getStylesheets().add(ViewStyles.dataUri());
        root.setId("queue-view");
        root.setTop(new VBox(12, header(), banner(), toolbar()));
        BorderPane.setMargin(root.getTop(), new Insets(0, 0, 12, 0));
        root.setCenter(table.node());
        root.setBottom(messageLine());
        table.node().addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == javafx.scene.input.KeyCode.DELETE) {
                table.selected().filter(row -> !isRunning(row)).ifPresent(row -> model.remove(row.id()));
                event.consume();
            }
        });
    }

    public Node root() {
        return root;
    }

    public String title() {
        return "Queue";
    }

    public QueueViewModel model() {
        return model;
    }

    // ---- layout ----

    private Node header() {
        Label title = new Label("Render queue");
        title.getStyleClass().add("view-title");
        ProgressBar overall = new ProgressBar();
        overall.setId("queue-overall-progress");
        overall.progressProperty().bind(model.overallProgressProperty());
        overall.setPrefWidth(260);
        Label status = new Label();
        status.setId("queue-status");
        status.textProperty().bind(model.overallStatusProperty());
        status.getStyleClass().add("muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, title, spacer, status, overall);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private Node banner() {
        Label text = new Label();
        text.setId("queue-banner-text");
        text.setWrapText(true);
        text.textProperty().bind(model.recoveryBannerProperty());
        Button dismiss = new Button("Dismiss");
        dismiss.setId("queue-banner-dismiss");
        dismiss.setMinWidth(Region.USE_PREF_SIZE);
        dismiss.setOnAction(e -> model.dismissBanner());
        HBox banner = new HBox(12, text, dismiss);
        HBox.setHgrow(text, Priority.ALWAYS);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setId("queue-banner");
        banner.getStyleClass().add("banner");
        BooleanBinding shown = model.recoveryBannerProperty().isNotEmpty();
        banner.visibleProperty().bind(shown);
        banner.managedProperty().bind(shown);
        return banner;
    }

    private Node toolbar() {
        Button pause = new Button();
        pause.setId("queue-pause");
        pause.textProperty().bind(Bindings.when(model.pausedProperty()).then("Resume queue").otherwise("Pause queue"));
        pause.setTooltip(new Tooltip("A paused queue finishes the running job and starts no new one"));
        pause.setOnAction(e -> {
            if (model.pausedProperty().get()) {
                model.resume();
            } else {
                model.pause();
            }
        });
        Button addSweep = button("Add sweep…", "queue-add-sweep", "Queue prompts × seeds × one setting");
        addSweep.setOnAction(e -> showSidePane(sweep.node(), sweep::open));

        Button up = jobButton("Move up", "job-up", "Alt+Up, or drag the row", row -> row.positionProperty().get() > 1);
        up.setOnAction(e -> onSelected(row -> {
            model.moveUp(row.id());
            table.select(row.id());
        }));
        Button down = jobButton("Move down", "job-down", "Alt+Down, or drag the row",
                row -> row.positionProperty().get() < model.rows().size());
        down.setOnAction(e -> onSelected(row -> {
            model.moveDown(row.id());
            table.select(row.id());
        }));
        // Edit stays enabled for any job: choosing it on a running or finished job says why it cannot.
        Button edit = jobButton("Edit…", "job-edit", "Change a pending job's settings", row -> true);
        edit.setOnAction(e -> onSelected(this::edit));
        Button duplicate = jobButton("Duplicate", "job-duplicate", "Queue a pending copy right after it", row -> true);
        duplicate.setOnAction(e -> onSelected(row -> model.duplicate(row.id()).ifPresent(copy -> table.select(copy.id()))));
        Button cancel = jobButton("Cancel", "job-cancel", "Stop a running job (it keeps finished images) or skip a pending one",
                row -> !row.job().state().isFinal());
        cancel.setOnAction(e -> onSelected(row -> model.cancel(row.id())));
        Button remove = jobButton("Remove", "job-remove", "Delete from the queue (Delete key); images stay on disk",
                row -> !isRunning(row));
        remove.setOnAction(e -> onSelected(row -> model.remove(row.id())));

        ToolBar bar = new ToolBar(pause, addSweep, new Separator(Orientation.VERTICAL), up, down, edit, duplicate,
                cancel, remove);
        bar.setId("queue-toolbar");
        return bar;
    }

    /** Under the table: the selected job's details (failure, output folder, model) and the last message. */
    private Node messageLine() {
        javafx.beans.binding.StringBinding detail = Bindings.selectString(
                table.node().getSelectionModel().selectedItemProperty(), "detail");
        Label selected = new Label();
        selected.setId("queue-job-detail");
        selected.getStyleClass().add("muted");
        selected.textProperty().bind(Bindings.createStringBinding(
                () -> detail.get() == null ? "" : detail.get().replace("\n", " · "), detail));
        Label message = new Label();
        message.setId("queue-message");
        message.getStyleClass().add("error-text");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.managedProperty().bind(model.messageProperty().isNotEmpty());
        VBox lines = new VBox(4, selected, message);
        BorderPane.setMargin(lines, new Insets(8, 0, 0, 0));
        return lines;
    }

    private static Button button(String text, String id, String tip) {
        Button button = new Button(text);
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        return button;
    }

    /** A button for the selected job, enabled only when one is selected and {@code usable} holds. */
    private Button jobButton(String text, String id, String tip, Predicate<JobRow> usable) {
        Button button = button(text, id, tip);
        // Re-evaluated when the selection, the selected job or the queue length changes. Reading the
        // job binding in the computation keeps it valid, so it reports the job's next change too.
        javafx.beans.value.ObservableValue<Job> job = selectedJob();
        button.disableProperty().bind(Bindings.createBooleanBinding(() -> job.getValue() == null
                || table.selected().map(usable::test).map(ok -> !ok).orElse(true),
                table.node().getSelectionModel().selectedItemProperty(), model.rows(), job));
        return button;
    }

    /** The selected row's job, so bindings notice state changes of the selected job. */
    private javafx.beans.value.ObservableValue<Job> selectedJob() {
        return Bindings.select(table.node().getSelectionModel().selectedItemProperty(), "job");
    }

    // ---- actions ----

    private void onSelected(java.util.function.Consumer<JobRow> action) {
        table.selected().ifPresent(action);
        table.node().requestFocus();
    }

    private void edit(JobRow row) {
        Optional<String> refusal = editor.open(row);
        if (refusal.isPresent()) {
            closeSidePane();
            model.say(refusal.get());
        } else {
            showSidePane(editor.node(), () -> {});
        }
    }

    private void showSidePane(Node pane, Runnable prepare) {
        prepare.run();
        root.setRight(pane);
        BorderPane.setMargin(pane, new Insets(0, 0, 0, 16));
    }

    private void closeSidePane() {
        root.setRight(null);
        table.node().requestFocus();
    }

    private static boolean isRunning(JobRow row) {
        return row.job().state() instanceof JobState.Running;
    }

    private static List<InstalledModel> imageModels(ModelCatalogue catalogue) {
        return catalogue.list().stream().filter(m -> m.readable() && GenerationService.renders(m.kind())).toList();
    }
}
