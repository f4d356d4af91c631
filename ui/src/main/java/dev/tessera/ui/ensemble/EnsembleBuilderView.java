package dev.tessera.ui.ensemble;

import dev.tessera.app.ensemble.EnsembleWorkbench;
import dev.tessera.ui.FxImages;
import dev.tessera.ui.LossChart;
import dev.tessera.ui.PageParts;
import dev.tessera.ui.StudioView;
import dev.tessera.ui.ViewStyles;
import dev.tessera.ui.ensemble.EnsembleBuilderViewModel.ExpertChoice;
import dev.tessera.ui.ensemble.EnsembleBuilderViewModel.Preview;
import dev.tessera.ui.ensemble.EnsembleBuilderViewModel.StyleChoice;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Ensembles page: choose U-Net experts, see that the ensemble starts as plain feature averaging and preview it,
 * train an aggregator with a progress bar, the live loss and the time a step takes, and save the ensemble as a
 * model. It binds to an {@link EnsembleBuilderViewModel}, which holds the state and does the work; leaving the page
 * leaves the work running.
 */
public final class EnsembleBuilderView implements StudioView {

    private static final int PREVIEW_SCALE = 4;

    private final EnsembleBuilderViewModel model;
    private final BorderPane root = new BorderPane();

    public EnsembleBuilderView(EnsembleBuilderViewModel model) {
        this.model = model;
        root.setId("ensemble-view");
        root.getStyleClass().add("studio-view");
        root.getStylesheets().add(ViewStyles.dataUri());
        root.setTop(header());
        VBox left = new VBox(18, expertsSection(), startSection());
        VBox right = new VBox(18, trainSection(), saveSection());
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        left.setPrefWidth(480);
        right.setPrefWidth(560);
        HBox sections = new HBox(24, left, right);
        sections.setPadding(new Insets(12, 0, 12, 0));
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setId("ensemble-scroll");
        scroll.setFitToWidth(true);
        root.setCenter(scroll);
    }

    @Override
    public String title() {
        return "Ensembles";
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public Optional<KeyCombination> shortcut() {
        return Optional.of(new KeyCodeCombination(KeyCode.DIGIT6, KeyCombination.SHORTCUT_DOWN));
    }

    private Node header() {
        Label title = new Label("Build an ensemble");
        title.getStyleClass().add("view-title");
        Label message = PageParts.message("ensemble", model.work());
        message.setMaxWidth(1040);
        Node running = PageParts.running("ensemble", model.work());
        Label about = hint("Adaptive Feature Aggregation: a small aggregator weighs the experts' features at every"
                + " layer and pixel, by prompt, style and denoising step; the experts never change (docs/ensemble.md).");
        about.setMaxWidth(1040);
        return new VBox(8, title, about, message, running);
    }

    private Node expertsSection() {
        ListView<ExpertChoice> list = new ListView<>(model.experts());
        list.setId("ensemble-experts");
        list.setCellFactory(CheckBoxListCell.forListView(ExpertChoice::chosenProperty));
        list.setPrefHeight(90);
        list.setMaxWidth(520);
        list.setPlaceholder(new Label("No U-Net expert is installed: import one on the Models page."));
        list.disableProperty().bind(model.busyProperty());
        Label architecture = new Label();
        architecture.setId("ensemble-architecture");
        architecture.getStyleClass().add("muted");
        architecture.setWrapText(true);
        architecture.textProperty().bind(model.architectureProperty());
        Label problem = new Label();
        problem.setId("ensemble-problem");
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        problem.setMaxWidth(1000);
        problem.textProperty().bind(model.selectionProblemProperty());
        return section("1. Experts", hint("Tick two or more installed U-Net experts of one architecture (the bundled"
                + " google and twitter experts are)."), list, architecture, problem);
    }

    private Node startSection() {
        Label state = new Label();
        state.setId("ensemble-state");
        state.setWrapText(true);
        state.textProperty().bind(model.stateProperty());
        TextField prompt = new TextField();
        prompt.setId("ensemble-prompt");
        prompt.setPrefColumnCount(20);
        prompt.textProperty().bindBidirectional(model.promptProperty());
        TextField seed = new TextField();
        seed.setId("ensemble-seed");
        seed.setPrefColumnCount(6);
        seed.textProperty().bindBidirectional(model.seedProperty());
        Button preview = new Button("Render preview");
        preview.setId("ensemble-preview");
        preview.disableProperty().bind(model.busyProperty().or(model.readyProperty().not()));
        preview.setOnAction(e -> model.preview());
        preview.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox images = new HBox(12);
        images.setId("ensemble-previews");
        model.previews().addListener((ListChangeListener<Preview>) c -> {
            images.getChildren().clear();
            for (Preview p : model.previews()) {
                ImageView view = new ImageView(FxImages.of(p.image(), PREVIEW_SCALE));
                Label caption = new Label(p.caption());
                caption.getStyleClass().add("muted");
                caption.setWrapText(true);
                caption.setMaxWidth(32 * PREVIEW_SCALE);
                images.getChildren().add(new VBox(4, view, caption));
            }
        });
        GridPane form = form();
        form.addRow(0, new Label("Prompt"), prompt);
        form.addRow(1, new Label("Seed"), seed);
        form.add(preview, 1, 2);
        return section("2. Start: plain feature averaging", hint("A fresh aggregator's last layer is zero: every"
                + " expert weighs the same at every pixel, so the ensemble starts as exactly plain feature averaging."
                + " The preview renders each style with the ensemble as it is now, as Generate does."), state,
                new HBox(16, form, images));
    }

    private Node trainSection() {
        HBox styles = new HBox(12);
        styles.setId("ensemble-styles");
        Runnable rebuild = () -> {
            styles.getChildren().clear();
            for (StyleChoice s : model.styles()) {
                CheckBox box = new CheckBox(s.style().id());
                box.setId("ensemble-style-" + s.style().id());
                box.selectedProperty().bindBidirectional(s.chosen());
                styles.getChildren().add(box);
            }
        };
        model.styles().addListener((ListChangeListener<StyleChoice>) c -> rebuild.run());
        rebuild.run();
        TextField steps = new TextField();
        steps.setId("ensemble-steps");
        steps.setPrefColumnCount(5);
        steps.textProperty().bindBidirectional(model.stepsProperty());
        TextField batch = new TextField();
        batch.setId("ensemble-batch");
        batch.setPrefColumnCount(4);
        batch.textProperty().bindBidirectional(model.batchProperty());
        Button train = new Button("Train aggregator");
        train.setId("ensemble-train");
        train.disableProperty().bind(model.busyProperty().or(model.readyProperty().not()));
        train.setOnAction(e -> model.train());
        Label stepTime = new Label();
        stepTime.setId("ensemble-step-time");
        stepTime.getStyleClass().add("muted");
        stepTime.textProperty().bind(model.stepTimeProperty());
        LineChart<Number, Number> chart = LossChart.of("ensemble-loss-chart", "ε loss",
                model.losses());
        chart.setMaxWidth(900);
        chart.setPrefHeight(200);
        HBox settings = new HBox(8, new Label("Steps"), steps, new Label("Batch"), batch, train, stepTime);
        settings.setAlignment(Pos.CENTER_LEFT);
        return section("3. Train an aggregator", hint(String.format(java.util.Locale.ROOT, "The experts stay frozen;"
                + " the aggregator learns on the CPU from the bundled training images of the styles ticked, starting"
                + " from plain averaging each run. The defaults (%d steps of %d) are a first look in minutes, not a"
                + " finished aggregator. Cancel stops between steps and keeps the weights after the last finished"
                + " step; cancelled before the first step, it keeps nothing.",
                EnsembleWorkbench.DEFAULT_STEPS, EnsembleWorkbench.DEFAULT_BATCH)),
                new HBox(12, new Label("Training images"), styles), settings, chart);
    }

    private Node saveSection() {
        TextField name = new TextField();
        name.setId("ensemble-save-name");
        name.setPrefColumnCount(20);
        name.textProperty().bindBidirectional(model.saveNameProperty());
        Button save = new Button("Save");
        save.setId("ensemble-save");
        save.disableProperty().bind(model.busyProperty().or(model.readyProperty().not()));
        save.setOnAction(e -> model.save());
        HBox row = new HBox(8, new Label("Name"), name, save);
        row.setAlignment(Pos.CENTER_LEFT);
        return section("4. Save", row, hint("Saves the ensemble as it is now into your models folder (a temporary"
                + " file, checked, then published; an existing model is never replaced). It names the experts by path"
                + " and SHA-256, so they must stay where they are; it then renders from Generate like any model."));
    }

    // ---- helpers ----

    private static VBox section(String title, Node... content) {
        Label heading = new Label(title);
        heading.getStyleClass().add("section-title");
        VBox box = new VBox(8, heading);
        box.getChildren().addAll(content);
        return box;
    }

    private static GridPane form() {
        GridPane grid = PageParts.form();
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // "Prompt" never shrinks to "…"
        grid.getColumnConstraints().add(labels);
        return grid;
    }

    private static Label hint(String text) {
        return PageParts.hint(text, 560);
    }
}
