package dev.tessera.ui.queue;

import dev.tessera.app.queue.Job;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;

/**
 * The job table: one row per job, reordered by dragging a row or with Alt+Up / Alt+Down, and
 * keeping the selected job selected while the queue changes underneath it.
 */
final class JobTable {

    private static final DataFormat JOB_ID = new DataFormat("application/x-tessera-job-id");

    private final QueueViewModel model;
    private final TableView<JobRow> table = new TableView<>();
    private String selectedId;
    private boolean itemsChanging;

    private final Thumbnails thumbnails;

    JobTable(QueueViewModel model, Thumbnails thumbnails) {
        this.model = model;
        this.thumbnails = thumbnails;
        table.setId("queue-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No jobs yet."));
        table.setFixedCellSize(40); // even rows, whatever a cell holds (text, progress bar or nothing)
        keepSelectionAcrossUpdates();
        table.getColumns().add(textColumn("#", 44, row -> Bindings.convert(row.positionProperty())));
        table.getColumns().add(stateColumn());
        table.getColumns().add(textColumn("Prompt", 200, JobRow::promptProperty));
        table.getColumns().add(textColumn("Seeds", 130, JobRow::seedsProperty));
        table.getColumns().add(textColumn("Settings", 260, JobRow::settingsProperty));
        table.getColumns().add(progressColumn());
        table.getColumns().add(textColumn("Time left", 100, JobRow::etaProperty));
        table.getColumns().add(imagesColumn());
        table.setRowFactory(view -> draggableRow());
        table.addEventFilter(KeyEvent.KEY_PRESSED, this::reorderByKeyboard);
    }

    TableView<JobRow> node() {
        return table;
    }

    Optional<JobRow> selected() {
        return Optional.ofNullable(table.getSelectionModel().getSelectedItem());
    }

    void select(String id) {
        model.row(id).ifPresent(row -> {
            table.getSelectionModel().select(row);
            table.scrollTo(row);
        });
    }

    /**
     * Replacing the items clears the table's selection; listeners registered before and after the
     * table's own put it back on the same job.
     */
    private void keepSelectionAcrossUpdates() {
        model.rowsForTable().addListener((ListChangeListener<JobRow>) change -> itemsChanging = true);
        table.setItems(model.rowsForTable());
        model.rowsForTable().addListener((ListChangeListener<JobRow>) change -> {
            String keep = selectedId;
            if (keep != null) {
                model.row(keep).ifPresent(row -> table.getSelectionModel().select(row));
            }
            itemsChanging = false;
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (!itemsChanging) {
                selectedId = row == null ? null : row.id();
            }
        });
    }

    private void reorderByKeyboard(KeyEvent event) {
        if (!event.isAltDown() || (event.getCode() != KeyCode.UP && event.getCode() != KeyCode.DOWN)) {
            return;
        }
        selected().ifPresent(row -> {
            if (event.getCode() == KeyCode.UP) {
                model.moveUp(row.id());
            } else {
                model.moveDown(row.id());
            }
            select(row.id());
        });
        event.consume();
    }

    private TableRow<JobRow> draggableRow() {
        TableRow<JobRow> row = new TableRow<>() {
            private final javafx.beans.value.ChangeListener<Object> restyle = (obs, before, now) -> restyle();
            private JobRow watched;

            @Override
            protected void updateItem(JobRow item, boolean empty) {
                super.updateItem(item, empty);
                // Rows are updated in place, so follow the job's changes, not just item swaps.
                if (watched != null) {
                    watched.jobProperty().removeListener(restyle);
                }
                watched = empty ? null : item;
                if (watched != null) {
                    watched.jobProperty().addListener(restyle);
                }
                restyle();
            }

            private void restyle() {
                getStyleClass().removeAll("job-running", "job-failed", "job-pending", "job-finished");
                if (watched == null) {
                    setTooltip(null);
                    return;
                }
                getStyleClass().add(switch (watched.job().state().name()) {
                    case "RUNNING" -> "job-running";
                    case "FAILED" -> "job-failed";
                    case "PENDING" -> "job-pending";
                    default -> "job-finished";
                });
                setTooltip(new Tooltip(watched.detailProperty().get()));
            }
        };
        row.setOnDragDetected(event -> {
            if (row.isEmpty()) {
                return;
            }
            Dragboard board = row.startDragAndDrop(TransferMode.MOVE);
            board.setDragView(row.snapshot(null, null));
            ClipboardContent content = new ClipboardContent();
            content.put(JOB_ID, row.getItem().id());
            board.setContent(content);
            event.consume();
        });
        row.setOnDragOver(event -> {
            if (event.getDragboard().hasContent(JOB_ID)) {
                event.acceptTransferModes(TransferMode.MOVE);
                event.consume();
            }
        });
        row.setOnDragDropped(event -> {
            Object id = event.getDragboard().getContent(JOB_ID);
            if (id instanceof String jobId) {
                // Dropping on a row puts the job in that row's place; below the last row, at the end.
                int target = row.isEmpty() ? table.getItems().size() : row.getIndex();
                model.move(jobId, target);
                select(jobId);
                event.setDropCompleted(true);
                event.consume();
            }
        });
        return row;
    }

    private static TableColumn<JobRow, String> textColumn(String title, double width,
            java.util.function.Function<JobRow, javafx.beans.value.ObservableValue<String>> value) {
        TableColumn<JobRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> value.apply(cell.getValue()));
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setReorderable(false);
        return column;
    }

    private static TableColumn<JobRow, String> stateColumn() {
        TableColumn<JobRow, String> column = textColumn("State", 150, JobRow::stateProperty);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String state, boolean empty) {
                super.updateItem(state, empty);
                getStyleClass().removeAll("state-running", "state-done", "state-failed", "state-pending",
                        "state-cancelled");
                setText(empty ? null : state);
                if (!empty && state != null) {
                    getStyleClass().add("state-" + state.split(" ")[0].toLowerCase(java.util.Locale.ROOT));
                }
            }
        });
        return column;
    }

    /** How many finished images a row shows; the tooltip of the row says where the rest are. */
    static final int THUMBNAILS_PER_ROW = 4;

    /** The first finished images of the job, small; their pictures arrive from {@link Thumbnails}. */
    private TableColumn<JobRow, Job> imagesColumn() {
        TableColumn<JobRow, Job> column = new TableColumn<>("Images");
        column.setId("queue-images-column");
        column.setCellValueFactory(cell -> cell.getValue().jobProperty());
        column.setPrefWidth(THUMBNAILS_PER_ROW * (Thumbnails.SIDE + 4) + 12);
        column.setSortable(false);
        column.setReorderable(false);
        column.setCellFactory(c -> new TableCell<>() {
            private final HBox strip = new HBox(4);
            {
                strip.setAlignment(Pos.CENTER_LEFT);
                strip.getStyleClass().add("job-thumbnails");
            }

            @Override
            protected void updateItem(Job job, boolean empty) {
                super.updateItem(job, empty);
                if (empty || job == null || job.outputs().isEmpty()) {
                    setGraphic(null);
                    return;
                }
                strip.getChildren().clear();
                for (Path file : job.files().subList(0, Math.min(THUMBNAILS_PER_ROW, job.files().size()))) {
                    ImageView view = new ImageView();
                    view.setSmooth(false);
                    view.setUserData(file);
                    view.imageProperty().bind(thumbnails.of(file));
                    strip.getChildren().add(view);
                }
                setGraphic(strip);
            }
        });
        return column;
    }

    private static TableColumn<JobRow, Number> progressColumn() {
        TableColumn<JobRow, Number> column = new TableColumn<>("Progress");
        column.setCellValueFactory(cell -> cell.getValue().progressProperty());
        column.setPrefWidth(150);
        column.setSortable(false);
        column.setReorderable(false);
        column.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            {
                bar.setMaxWidth(Double.MAX_VALUE);
                setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(Number value, boolean empty) {
                super.updateItem(value, empty);
                if (empty || value == null) {
                    setGraphic(null);
                } else {
                    bar.setProgress(value.doubleValue());
                    setGraphic(bar);
                }
            }
        });
        return column;
    }
}
