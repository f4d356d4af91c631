package dev.tessera.ui.compress;

import dev.tessera.app.compress.CompressionWorkbench;
import dev.tessera.app.compress.CompressionWorkbench.Pruning;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.prune.PlanKind;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.ui.LossChart;
import dev.tessera.ui.PageParts;
import dev.tessera.ui.StudioView;
import dev.tessera.ui.ViewStyles;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Compress page: the wizard's steps across the top (each one reachable once the steps before it
 * have what it needs), the current step's settings and results, what runs with its progress and a
 * Cancel button, and Back / Next. It binds to a {@link CompressionWizardViewModel}, which holds the
 * state and does the work; leaving the page leaves the work running and the state as it is.
 */
public final class CompressionWizardView implements StudioView {

    private final CompressionWizardViewModel model;
    private final BorderPane root = new BorderPane();
    private final BorderPane page = new BorderPane();
    private final Map<WizardStep, Node> pages = new EnumMap<>(WizardStep.class);
    private final ToggleGroup steps = new ToggleGroup();
    private final ContributionPane contributions;
    private final ComparisonPane comparison = new ComparisonPane();

    public CompressionWizardView(CompressionWizardViewModel model) {
        this.model = model;
        this.contributions = new ContributionPane(model.contributions());
        root.setId("compress-view");
        root.getStyleClass().add("studio-view");
        root.getStylesheets().add(ViewStyles.dataUri());
        root.setTop(header());
        pages.put(WizardStep.MODEL, modelPage());
        pages.put(WizardStep.ANALYSE, analysePage());
        pages.put(WizardStep.PRUNE, prunePage());
        pages.put(WizardStep.INT4, int4Page());
        pages.put(WizardStep.DISTIL, distilPage());
        pages.put(WizardStep.COMPARE, comparePage());
        pages.put(WizardStep.SAVE, savePage());
        pages.forEach((step, node) -> node.setId("compress-page-" + step.id()));
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        page.setPadding(new Insets(12, 0, 12, 0));
        root.setCenter(scroll);
        root.setBottom(navigation());
        showStep(model.stepProperty().get());
        model.stepProperty().addListener((obs, old, now) -> showStep(now));
    }

    @Override
    public String title() {
        return "Compress";
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public Optional<KeyCombination> shortcut() {
        return Optional.of(new KeyCodeCombination(KeyCode.DIGIT5, KeyCombination.SHORTCUT_DOWN));
    }

    private void showStep(WizardStep step) {
        page.setCenter(pages.get(step));
        steps.getToggles().forEach(t -> t.setSelected(t.getUserData() == step));
    }

    // ---- frame ----

    private Node header() {
        Label title = new Label("Compress a model");
        title.getStyleClass().add("view-title");
        HBox bar = new HBox(4);
        for (WizardStep step : WizardStep.values()) {
            ToggleButton button = new ToggleButton(step.label());
            button.setId("compress-step-" + step.id());
            button.setUserData(step);
            button.setToggleGroup(steps);
            button.disableProperty().bind(model.reachable(step).not());
            button.setOnAction(e -> {
                model.show(step);
                button.setSelected(model.stepProperty().get() == step);
            });
            bar.getChildren().add(button);
        }
        Label message = PageParts.message("compress", model.work());
        Node running = PageParts.running("compress", model.work());
        return new VBox(8, title, bar, message, running);
    }

    private Node navigation() {
        Button back = new Button("Back");
        back.setId("compress-back");
        back.setOnAction(e -> move(-1));
        Button next = new Button("Next");
        next.setId("compress-next");
        next.setDefaultButton(false);
        next.setOnAction(e -> move(1));
        Runnable update = () -> {
            WizardStep now = model.stepProperty().get();
            back.setDisable(now.ordinal() == 0);
            next.setDisable(now.ordinal() == WizardStep.values().length - 1
                    || !model.reachable(WizardStep.values()[now.ordinal() + 1]).get());
        };
        model.stepProperty().addListener((obs, old, now) -> update.run());
        for (WizardStep step : WizardStep.values()) {
            model.reachable(step).addListener((obs, old, now) -> update.run());
        }
        update.run();
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox row = new HBox(8, gap, back, next);
        row.setPadding(new Insets(8, 0, 0, 0));
        return row;
    }

    private void move(int by) {
        model.show(WizardStep.values()[model.stepProperty().get().ordinal() + by]);
    }

    // ---- pages ----

    private Node modelPage() {
        ComboBox<InstalledModel> models = new ComboBox<>(model.models());
        models.setId("compress-model");
        models.valueProperty().bindBidirectional(model.modelProperty());
        models.setConverter(new StringConverter<>() {
            @Override
            public String toString(InstalledModel m) {
                return m == null ? "" : m.name() + " (" + m.kind() + (m.source() == InstalledModel.Source.USER
                        ? ", yours" : "") + ")";
            }

            @Override
            public InstalledModel fromString(String s) {
                return null;
            }
        });
        models.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(InstalledModel m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty || m == null ? null : models.getConverter().toString(m));
            }
        });
        models.setPrefWidth(340);
        TextField calibration = new TextField();
        calibration.setId("compress-calibration");
        calibration.setPrefColumnCount(6);
        calibration.textProperty().bindBidirectional(model.calibrationItemsProperty());
        Button load = new Button("Load and analyse");
        load.setId("compress-load");
        load.disableProperty().bind(model.busyProperty());
        load.setOnAction(e -> model.loadAndAnalyse());
        GridPane form = form();
        form.addRow(0, new Label("Model"), models);
        form.addRow(1, new Label("Calibration images"), calibration);
        return new VBox(12, hint("Compression makes a smaller, faster copy of an ACDiT model: it removes the parts"
                + " that matter least (later layers first), distils what is left from the original, and stores the"
                + " weights as 4-bit numbers. Your model is never changed; the copy is saved under a new name."),
                form, hint(String.format(Locale.ROOT, "The calibration set (default %d training images) is what every"
                        + " step measures the quality drop on. With the bundled default model on 2 busy cores,"
                        + " loading and the analysis took one to two minutes at the default, the distillation the %s"
                        + " minutes it is given, the comparison under a minute.", CompressionWorkbench.DEFAULT_CALIBRATION_ITEMS,
                        format(CompressionWorkbench.DEFAULT_DISTILL_MINUTES))), load);
    }

    private Node analysePage() {
        Button again = new Button("Analyse again");
        again.setId("compress-analyse");
        again.disableProperty().bind(model.busyProperty().or(model.loadedProperty().isNull()));
        again.setOnAction(e -> model.analyse());
        Node chart = contributions.root();
        VBox.setVgrow(chart, Priority.ALWAYS);
        return new VBox(12, hint("Each part of each layer is removed in turn (replaced by the identity; an adaLN by a"
                + " constant) and the model's noise predictions compared with the whole model's: the ε-error is the"
                + " quality drop. Parts with a small drop are cheap to prune."), chart, again);
    }

    private Node prunePage() {
        TextField budget = new TextField();
        budget.setId("compress-budget");
        budget.setPrefColumnCount(6);
        budget.textProperty().bindBidirectional(model.budgetProperty());
        budget.setOnAction(e -> model.makePlan());
        Slider slider = new Slider(0, 0.9, 0.2);
        slider.setId("compress-budget-slider");
        slider.setMajorTickUnit(0.1);
        slider.setShowTickMarks(true);
        slider.setShowTickLabels(true);
        slider.setBlockIncrement(0.05);
        slider.setPrefWidth(320);
        slider.valueProperty().addListener((obs, old, now) -> {
            if (slider.isValueChanging() || slider.isFocused()) {
                model.budgetProperty().set(String.format(Locale.ROOT, "%.2f", Math.round(now.doubleValue() * 20) / 20.0));
            }
        });
        model.budgetProperty().addListener((obs, old, now) -> {
            try {
                double value = Double.parseDouble(now.strip());
                if (value >= 0 && value <= 0.9 && !slider.isValueChanging() && !slider.isFocused()) {
                    slider.setValue(value); // the slider follows what is typed
                }
            } catch (NumberFormatException e) {
                // the text says what is wrong when a plan is asked for
            }
        });
        ChoiceBox<PlanKind> kind = new ChoiceBox<>();
        kind.setId("compress-plan-kind");
        kind.getItems().setAll(PlanKind.values());
        kind.valueProperty().bindBidirectional(model.planKindProperty());
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(PlanKind k) {
                return k == null ? "" : switch (k) {
                    case POSITION -> "later layers first";
                    case CHEAPEST -> "cheapest parts anywhere";
                    case NARROW -> "every MLP narrower";
                    case DEPTH -> "cheapest layers, then narrower";
                };
            }

            @Override
            public PlanKind fromString(String s) {
                return null;
            }
        });
        Button plan = new Button("Show plan");
        plan.setId("compress-plan");
        plan.disableProperty().bind(model.busyProperty().or(model.analysedProperty().not()));
        plan.setOnAction(e -> model.makePlan());
        Label planText = new Label();
        planText.setId("compress-plan-text");
        planText.setWrapText(true);
        model.planProperty().addListener((obs, old, now) -> planText.setText(describe(now)));
        GridPane form = form();
        form.addRow(0, new Label("Remove (fraction of the parameters)"), new HBox(8, budget, slider));
        form.addRow(1, new Label("Plan"), kind);
        return new VBox(12, hint("How much to remove: 0 keeps every layer (INT4 only), up to 0.9. Later layers first:"
                + " whole layers go from the last one back; in the layer where the budget runs out, the parts with the"
                + " smallest quality drop go first. Cheapest parts anywhere: the attention and MLP of any layer, the"
                + " smallest quality drop per parameter first. Layer 0 never goes whole. Every MLP narrower: no part"
                + " goes; each layer's MLP keeps its strongest hidden units, the same number in every layer. Cheapest"
                + " layers, then narrower: whole layers with the smallest quality drop while the budget needs one (they"
                + " take their share of the time with them), the rest from the other layers' MLPs."),
                form, plan, planText);
    }

    private static String describe(Optional<Pruning> plan) {
        if (plan == null) {
            return "";
        }
        return plan.map(p -> String.format(Locale.ROOT, "%s: %s.%nParameters: %,d → %,d (%.1f %% removed).",
                p.plan().removed().isEmpty() ? "Narrowed" : "Removed", p.plan().describe(),
                p.plan().parametersBefore(), p.plan().parametersAfter(), 100 * p.plan().removedFraction()))
                .orElse("No pruning: every layer stays.");
    }

    private Node int4Page() {
        CheckBox int4 = new CheckBox("Store the transformer layers' weights as INT4");
        int4.setId("compress-int4");
        int4.selectedProperty().bindBidirectional(model.int4Property());
        ChoiceBox<Integer> group = new ChoiceBox<>();
        group.setId("compress-group");
        group.getItems().setAll(32, 64, 128);
        group.valueProperty().bindBidirectional(model.groupProperty());
        ChoiceBox<Int4Weights.Scheme> scheme = new ChoiceBox<>();
        scheme.setId("compress-scheme");
        scheme.getItems().setAll(Int4Weights.Scheme.values());
        scheme.valueProperty().bindBidirectional(model.schemeProperty());
        ChoiceBox<Int4Runtime> runtime = new ChoiceBox<>();
        runtime.setId("compress-runtime");
        runtime.getItems().setAll(Int4Runtime.values());
        runtime.valueProperty().bindBidirectional(model.runtimeProperty());
        runtime.setConverter(new StringConverter<>() {
            @Override
            public String toString(Int4Runtime r) {
                return r == null ? "" : r == Int4Runtime.DEQUANTIZE_PER_LAYER ? "per layer (memory)" : "once at load (speed)";
            }

            @Override
            public Int4Runtime fromString(String s) {
                return null;
            }
        });
        group.disableProperty().bind(int4.selectedProperty().not());
        scheme.disableProperty().bind(int4.selectedProperty().not());
        runtime.disableProperty().bind(int4.selectedProperty().not());
        GridPane form = form();
        form.addRow(0, new Label("Group size"), group);
        form.addRow(1, new Label("Scheme"), scheme);
        form.addRow(2, new Label("Runtime compared"), runtime);
        return new VBox(12, int4, form, hint("Each group of consecutive weights of a row gets its own step (smaller"
                + " groups: closer, slightly larger). Symmetric rounds around zero; asymmetric adds a zero code per"
                + " group. Embeddings, norms and the input and output layers stay full precision. The runtime decides"
                + " how the comparison holds the INT4 weights: packed and dequantized per layer as it runs (least"
                + " memory) or dequantized once at load (as fast as full precision). The studio's renders dequantize"
                + " at load."));
    }

    private Node distilPage() {
        CheckBox distil = new CheckBox("Distil the pruned model from the original");
        distil.setId("compress-distil-enabled");
        distil.selectedProperty().bindBidirectional(model.distilProperty());
        TextField amount = new TextField();
        amount.setId("compress-distil-amount");
        amount.setPrefColumnCount(6);
        amount.textProperty().bindBidirectional(model.distilAmountProperty());
        ChoiceBox<DistillationUnit> unit = new ChoiceBox<>();
        unit.setId("compress-distil-unit");
        unit.getItems().setAll(DistillationUnit.values());
        unit.valueProperty().bindBidirectional(model.distilUnitProperty());
        CheckBox preserve = new CheckBox("Freeze the layers before the first pruned one (positional weight preservation)");
        preserve.setId("compress-preserve");
        preserve.selectedProperty().bindBidirectional(model.preserveProperty());
        ChoiceBox<UpdateScaling> scaling = new ChoiceBox<>();
        scaling.setId("compress-scaling");
        scaling.getItems().setAll(UpdateScaling.values());
        scaling.valueProperty().bindBidirectional(model.scalingProperty());
        for (Node n : List.of(amount, unit, preserve, scaling)) {
            n.disableProperty().bind(distil.selectedProperty().not());
        }
        Button run = new Button();
        run.setId("compress-distil");
        run.textProperty().bind(javafx.beans.binding.Bindings.when(distil.selectedProperty())
                .then("Prune and distil").otherwise("Prune only"));
        run.disableProperty().bind(model.busyProperty().or(model.planProperty().isNull()));
        run.setOnAction(e -> model.distil());
        LineChart<Number, Number> chart = LossChart.of("compress-loss-chart", "distillation loss", model.losses());
        Label summary = new Label();
        summary.setId("compress-distil-summary");
        summary.textProperty().bind(model.studentSummaryProperty());
        GridPane form = form();
        form.addRow(0, new Label("How long"), new HBox(8, amount, unit));
        form.addRow(1, new Label("Sensitivity scaling"), scaling);
        return new VBox(12, distil, form, preserve, hint("The pruned student learns to predict what the original"
                + " predicts on training batches; layers that matter more move less (continuous scaling). Minutes are"
                + " turned into steps after timing the first ten; steps give the same run on any machine. Cancel"
                + " keeps the earlier steps; the student of a cancelled run is dropped."), run, chart, summary);
    }

    private Node comparePage() {
        Button compare = new Button("Build and compare");
        compare.setId("compress-compare");
        compare.disableProperty().bind(model.busyProperty().or(model.studentReadyProperty().not()));
        compare.setOnAction(e -> model.compare());
        model.comparisonProperty().addListener((obs, old, now) -> comparison.show(now));
        return new VBox(12, compare, comparison.root());
    }

    private Node savePage() {
        TextField name = new TextField();
        name.setId("compress-save-name");
        name.setPrefColumnCount(24);
        name.textProperty().bindBidirectional(model.saveNameProperty());
        Button save = new Button("Save");
        save.setId("compress-save");
        save.disableProperty().bind(model.busyProperty().or(model.comparisonProperty().isNull()));
        save.setOnAction(e -> model.save());
        GridPane form = form();
        form.addRow(0, new Label("Name"), name);
        return new VBox(12, hint("Saves the compared model into your models folder (written to a temporary file,"
                + " checked, then published under the name; an existing model is never replaced). It then appears in"
                + " the model list of Generate and Models."), form, save);
    }

    // ---- helpers ----

    private static GridPane form() {
        return PageParts.form();
    }

    private static Label hint(String text) {
        return PageParts.hint(text, 900);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
