package dev.tessera.ui.history;

import atlantafx.base.theme.Styles;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.export.ImageDifference;
import dev.tessera.app.history.History;
import dev.tessera.app.history.HistoryEntry;
import dev.tessera.app.history.PixelComparison;
import dev.tessera.ui.FxImages;
import dev.tessera.ui.StudioView;
import dev.tessera.ui.export.ExportPanel;
import dev.tessera.ui.export.ExportViewModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javax.imageio.ImageIO;
import dev.tessera.ui.ClipPlayerBar;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.layout.StackPane;

/** The History page: a filterable table of every output, a detail/compare pane, "Use settings" and "Replay". */
public final class HistoryView implements StudioView {

    private static final int DETAIL_SIDE = 256;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, HH:mm", Locale.ROOT);

    private final HistoryViewModel model;
    private final BorderPane root = new BorderPane();
    private final TableView<HistoryEntry> table = new TableView<>();
    private final VBox detail = new VBox(12);
    private final ExportPanel export;

    public HistoryView(HistoryViewModel model, ExportViewModel exportModel) {
        this.model = model;
        this.export = new ExportPanel(exportModel, new ExportPanel.Selection() {
            @Override
            public Optional<Path> image() {
                return selected().stream().findFirst().map(HistoryEntry::file);
            }

            @Override
            public List<Path> batch() {
                List<HistoryEntry> chosen = selected();
                // Several selected: they are the grid. One: the batch it was rendered in.
                List<HistoryEntry> batch = chosen.size() >= 2 ? chosen
                        : chosen.isEmpty() ? List.of() : History.batchOf(chosen.get(0), model.all());
                return batch.stream().map(HistoryEntry::file).toList();
            }
        }, Bindings.isNotEmpty(table.getSelectionModel().getSelectedItems()), "history");
        // A clip plays only while its page is on screen (the shell takes a page out when another is shown).
        root.parentProperty().addListener((obs, old, now) -> {
            if (now == null) {
                model.player().playingProperty().set(false);
            }
        });
        root.setId("history-view");
        root.setTop(filters());
        table.setItems(model.shown());
        table.setId("history-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No images yet. Everything you generate is kept here with its recipe."));
        table.getColumns().setAll(List.of(thumbnailColumn(), textColumn("Prompt", r -> r.recipe().prompt(), 140),
                textColumn("Model", r -> r.recipe().model(), 104), textColumn("Style", r -> r.recipe().style(), 70),
                textColumn("Seed", r -> Long.toString(r.recipe().seed()), 58),
                textColumn("Steps", r -> r.recipe().stepsPerBlock(), 60),
                textColumn("CFG", r -> formatNumber(r.recipe().guidance()), 44),
                textColumn("Sampler", r -> Recipe.samplerDisplayName(r.recipe().sampler()), 92),
                textColumn("Created", r -> WHEN.format(LocalDateTime.ofInstant(r.created(), ZoneId.systemDefault())), 116)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<HistoryEntry>) c -> showDetail());
        detail.setId("history-detail");
        detail.setPadding(new Insets(16));
        detail.setMinWidth(300);
        javafx.scene.control.ScrollPane detailScroll = new javafx.scene.control.ScrollPane(detail);
        detailScroll.setFitToWidth(true);
        detailScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        SplitPane split = new SplitPane(table, detailScroll);
        split.setDividerPositions(0.67);
        root.setCenter(split);
        Label status = new Label();
        status.setId("history-status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(model.statusProperty());
        status.setPadding(new Insets(6, 16, 8, 16));
        root.setBottom(status);
        showDetail();
    }

    @Override
    public String title() {
        return "History";
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public Optional<KeyCombination> shortcut() {
        return Optional.of(new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN));
    }

    @Override
    public void shown() {
        model.refresh();
    }

    private Node filters() {
        TextField text = new TextField();
        text.setId("history-filter");
        text.setPromptText("Filter by prompt");
        text.textProperty().bindBidirectional(model.textProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        ComboBox<String> models = choiceFilter("history-model", "All models", model.modelNames(), model.modelProperty());
        ComboBox<String> styles = choiceFilter("history-style", "All styles", model.styleNames(), model.styleProperty());
        DatePicker from = new DatePicker();
        from.setId("history-from");
        from.setPromptText("From date");
        from.valueProperty().bindBidirectional(model.fromProperty());
        from.setPrefWidth(140);
        DatePicker to = new DatePicker();
        to.setId("history-to");
        to.setPromptText("To date");
        to.valueProperty().bindBidirectional(model.toProperty());
        to.setPrefWidth(140);
        Button refresh = new Button("Refresh");
        refresh.setId("history-refresh");
        refresh.setTooltip(new Tooltip("Read the history folder again (F5)"));
        refresh.setOnAction(e -> model.refresh());
        Label title = new Label("History");
        title.getStyleClass().add(Styles.TITLE_3);
        Label filterLabel = new Label("_Filter");
        filterLabel.setMnemonicParsing(true);
        filterLabel.setLabelFor(text);
        HBox bar = new HBox(10, title, filterLabel, text, models, styles, from, to, refresh);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(16));
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F5) {
                model.refresh();
            }
        });
        return bar;
    }

    /** A drop-down of {@code names} with "" shown as {@code all}, writing the choice into {@code chosen}. */
    private static ComboBox<String> choiceFilter(String id, String all, javafx.collections.ObservableList<String> names,
            javafx.beans.property.StringProperty chosen) {
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        box.setPromptText(all);
        box.getItems().add("");
        names.addListener((ListChangeListener<String>) c -> {
            String current = box.getValue();
            box.getItems().setAll(names);
            box.getItems().add(0, "");
            box.setValue(current);
        });
        box.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null || s.isEmpty() ? all : s;
            }

            @Override
            public String fromString(String s) {
                return all.equals(s) ? "" : s;
            }
        });
        box.valueProperty().addListener((obs, old, now) -> chosen.set(now == null ? "" : now));
        return box;
    }

    private List<HistoryEntry> selected() {
        return List.copyOf(table.getSelectionModel().getSelectedItems());
    }

    private TableColumn<HistoryEntry, Image> thumbnailColumn() {
        TableColumn<HistoryEntry, Image> column = new TableColumn<>("");
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                new Image(c.getValue().picture().toUri().toString(), 40, 40, true, false, true)));
        column.setCellFactory(c -> new TableCell<>() {
            private final ImageView view = new ImageView();

            @Override
            protected void updateItem(Image image, boolean empty) {
                super.updateItem(image, empty);
                view.setImage(empty ? null : image);
                view.setSmooth(false);
                setGraphic(empty ? null : view);
                setPadding(new Insets(3, 0, 3, 6));
            }
        });
        column.setPrefWidth(58);
        column.setMinWidth(58);
        column.setMaxWidth(58);
        column.setSortable(false);
        return column;
    }

    private static TableColumn<HistoryEntry, String> textColumn(String title,
            java.util.function.Function<HistoryEntry, String> value, double width) {
        TableColumn<HistoryEntry, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setMinWidth(Math.min(width, 64));
        return column;
    }

    /** One selected: large image, recipe and actions. Two: side by side with their difference image. */
    private void showDetail() {
        List<HistoryEntry> selected = selected();
        detail.getChildren().clear();
        if (selected.size() != 1 || !selected.get(0).isClip()) {
            model.hideClip();
        }
        if (selected.isEmpty()) {
            Label hint = new Label("Select an image to see its recipe.\nSelect two (Ctrl+click) to compare them.");
            hint.getStyleClass().add("muted");
            detail.getChildren().add(hint);
            return;
        }
        if (selected.size() >= 2) {
            HistoryEntry a = selected.get(0);
            HistoryEntry b = selected.get(1);
            int side = 96; // three across the side pane: the two images and their difference
            HBox pair = new HBox(12, captioned(a, side), captioned(b, side), difference(a, b, side));
            pair.setId("history-compare");
            Label diff = new Label("Pixels: " + compare(a, b));
            diff.setId("history-compare-result");
            Label title = new Label("Compare");
            title.getStyleClass().add(Styles.TITLE_4);
            detail.getChildren().addAll(title, pair, diff);
            if (selected.size() > 2) {
                Label more = new Label("Showing the first two of " + selected.size() + " selected images.");
                more.getStyleClass().add("muted");
                detail.getChildren().add(more);
            }
            detail.getChildren().add(export.node());
            return;
        }
        HistoryEntry entry = selected.get(0);
        Node image = entry.isClip() ? clip(entry) : large(entry, DETAIL_SIDE);
        Label recipe = new Label(entry.recipe().toA1111().format() + (entry.isClip() ? String.format(Locale.ROOT,
                "%nClip: %d frames, window %d, %s fps", entry.clip().frames(), entry.clip().window(),
                formatNumber(entry.clip().fps())) : ""));
        recipe.setId("history-recipe");
        recipe.setWrapText(true);
        Button use = new Button("Use settings");
        use.setId("history-use");
        use.getStyleClass().add(Styles.ACCENT);
        use.setTooltip(new Tooltip("Put this recipe into the Generate page"));
        use.setOnAction(e -> model.useSettings(entry));
        Button replay = new Button("Replay");
        replay.setId("history-replay");
        replay.setTooltip(new Tooltip(entry.isClip() ? "Render the clip again from its recipe and check every frame's"
                + " pixels match" : "Render the recipe again and check the pixels match"));
        replay.disableProperty().bind(model.busyProperty());
        replay.setOnAction(e -> model.replay(entry));
        Label result = new Label();
        result.setId("history-replay-result");
        result.setWrapText(true);
        result.textProperty().bind(Bindings.createStringBinding(
                () -> model.replayNoteProperty().get().textFor(entry.file()), model.replayNoteProperty()));
        Label file = new Label(entry.file().toString());
        file.getStyleClass().add("muted");
        file.setWrapText(true);
        detail.getChildren().addAll(image, recipe, file, new HBox(8, use, replay), result);
        if (!entry.isClip()) { // the image export makes pictures and grids; a clip's files come from the Generate page
            detail.getChildren().add(export.node());
        }
    }

    /** A clip's frames, playing in place, with play/pause, the frame scrubber and fps. */
    private Node clip(HistoryEntry entry) {
        ImageView view = new ImageView();
        view.setId("history-clip");
        view.setSmooth(false);
        view.imageProperty().bind(model.player().imageProperty());
        StackPane frame = new StackPane(view);
        frame.setMinSize(DETAIL_SIDE, DETAIL_SIDE);
        frame.setMaxSize(DETAIL_SIDE, DETAIL_SIDE);
        model.showClip(entry, DETAIL_SIDE);
        VBox bar = ClipPlayerBar.twoRows(model.player(), "history-clip", new SimpleBooleanProperty(false));
        return new VBox(6, frame, bar);
    }

    /**
     * The per-pixel |a − b|, amplified (black where they agree), with the mean difference under it;
     * pictures of different sizes get a line saying so instead.
     */
    private static VBox difference(HistoryEntry a, HistoryEntry b, int side) {
        Label caption = new Label();
        caption.setId("history-compare-diff-text");
        caption.setWrapText(true);
        caption.setMaxWidth(side);
        VBox box = new VBox(6);
        try {
            BufferedImage x = ImageIO.read(a.picture().toFile());
            BufferedImage y = ImageIO.read(b.picture().toFile());
            if (x == null || y == null) {
                throw new IOException("a file is no longer a readable PNG");
            }
            ImageDifference difference = ImageDifference.of(x, y, ImageDifference.DEFAULT_GAIN);
            ImageView view = new ImageView(FxImages.of(difference.image(), Math.max(1, side / x.getWidth())));
            view.setId("history-compare-diff");
            view.setSmooth(false);
            caption.setText("Difference: " + difference.describe());
            box.getChildren().add(view);
        } catch (IOException | IllegalArgumentException e) {
            caption.setText("No difference image: " + e.getMessage());
        }
        box.getChildren().add(caption);
        return box;
    }

    private static VBox captioned(HistoryEntry entry, int side) {
        Label caption = new Label(entry.recipe().prompt() + " · seed " + entry.recipe().seed() + " · "
                + entry.recipe().describeSteps());
        caption.setWrapText(true);
        caption.setMaxWidth(side);
        return new VBox(6, large(entry, side), caption);
    }

    private static ImageView large(HistoryEntry entry, int side) {
        ImageView view = new ImageView(new Image(entry.picture().toUri().toString(), side, side, true, false));
        view.setSmooth(false);
        return view;
    }

    private static String compare(HistoryEntry a, HistoryEntry b) {
        try {
            BufferedImage x = ImageIO.read(a.picture().toFile());
            BufferedImage y = ImageIO.read(b.picture().toFile());
            if (x == null || y == null) {
                return "cannot compare: a file is no longer a readable PNG";
            }
            return PixelComparison.of(x, y).describe();
        } catch (IOException e) {
            return "cannot compare: " + e.getMessage();
        }
    }

    private static String formatNumber(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    public HistoryViewModel model() {
        return model;
    }

}
