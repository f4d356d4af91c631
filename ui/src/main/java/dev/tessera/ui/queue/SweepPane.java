package dev.tessera.ui.queue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.RequestText;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.queue.SweepSetting;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * Side form that adds a parameter sweep: prompts × seeds × the values of one setting. The add
 * button says how many jobs it will add and is enabled only while everything is valid; the first
 * problem is shown in words beneath.
 */
final class SweepPane {

    /** The third axis; NONE sweeps prompts × seeds only. */
    private enum Vary {
        NONE("Nothing else", null), STEPS("Steps", SweepSetting.STEPS), GUIDANCE("Guidance (cfg)", SweepSetting.GUIDANCE),
        STYLE_STRENGTH("Style strength", SweepSetting.STYLE_STRENGTH), SAMPLER("Sampler", SweepSetting.SAMPLER);

        final String label;
        final SweepSetting setting;

        Vary(String label, SweepSetting setting) {
            this.label = label;
            this.setting = setting;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final QueueViewModel queue;
    private final Supplier<List<InstalledModel>> installedModels;
    private final Runnable onClose;
    private final TextArea prompts = new TextArea();
    private final TextField seeds = new TextField("1-4");
    private final ComboBox<Vary> vary = new ComboBox<>();
    private final TextField values = new TextField();
    private final RequestFields fields = new RequestFields("sweep", false, false);
    private final TextField output = new TextField();
    private final ComboBox<InstalledModel> modelChoice = new ComboBox<>();
    private final Label summary = new Label();
    private final Button add = new Button("Add jobs");
    private final javafx.scene.layout.BorderPane root;

    SweepPane(QueueViewModel queue, Supplier<List<InstalledModel>> installedModels, Path defaultOutput,
            Runnable onClose) {
        this.queue = queue;
        this.installedModels = installedModels;
        this.onClose = onClose;
        Label title = new Label("Add a parameter sweep");
        title.getStyleClass().add("section-title");
        Label hint = new Label("One job for every prompt × seed × value.");
        hint.getStyleClass().add("muted");

        prompts.setPrefRowCount(3);
        prompts.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        seeds.setPromptText("e.g. 1, 2, 10-12");
        vary.getItems().addAll(Vary.values());
        vary.setValue(Vary.NONE);
        values.setPromptText("comma-separated, e.g. 10, 25, 50");
        values.disableProperty().bind(vary.valueProperty().isEqualTo(Vary.NONE));
        fields.fill(RequestText.of(GenerationRequest.of("", "google", 1)));
        fields.count.setText("1");
        output.setText(defaultOutput.toString());
        Button browse = new Button("Browse…");
        browse.setId("sweep-browse");
        browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        browse.setOnAction(e -> chooseOutputFolder());
        HBox outputRow = new HBox(6, output, browse);
        HBox.setHgrow(output, Priority.ALWAYS);
        modelChoice.setCellFactory(list -> modelCell());
        modelChoice.setButtonCell(modelCell());

        FormGrid axes = new FormGrid();
        axes.add("Prompts", withPlaceholder(prompts, "one prompt per line, e.g.\ncat face\nrocket"), "sweep-prompts-box");
        prompts.setId("sweep-prompts");
        axes.add("Seeds", seeds, "sweep-seeds");
        axes.add("Also vary", vary, "sweep-setting");
        axes.add("Values", values, "sweep-values");
        FormGrid where = new FormGrid();
        where.add("Output folder", outputRow, "sweep-output-row");
        output.setId("sweep-output");
        where.add("Model", modelChoice, "sweep-model");
        Label shared = new Label("Every job");
        shared.getStyleClass().add("section-title");

        summary.setId("sweep-summary");
        summary.setWrapText(true);
        add.setId("sweep-add");
        add.setDefaultButton(true);
        add.setOnAction(e -> addSweep());
        Button close = new Button("Close");
        close.setId("sweep-close");
        close.setCancelButton(true);
        close.setOnAction(e -> onClose.run());

        for (Observable input : List.<Observable>of(prompts.textProperty(), seeds.textProperty(), vary.valueProperty(),
                values.textProperty(), output.textProperty(), modelChoice.valueProperty(), fields.style.valueProperty(),
                fields.count.textProperty(), fields.steps.textProperty(), fields.guidance.textProperty(),
                fields.styleStrength.textProperty(), fields.sampler.valueProperty())) {
            input.addListener(o -> validate());
        }
        VBox form = new VBox(10, axes.node(), shared, fields.node(), where.node());
        form.setPadding(new javafx.geometry.Insets(0, 12, 0, 0)); // room for the scroll bar
        root = SidePaneLayout.of("sweep-form", 400, new VBox(4, title, hint), form,
                new VBox(8, summary, new HBox(8, add, close)));
        validate();
    }

    javafx.scene.layout.Region node() {
        return root;
    }

    /** Refreshes the model choice (models may have been imported meanwhile). */
    void open() {
        InstalledModel chosen = modelChoice.getValue();
        List<InstalledModel> usable = installedModels.get();
        modelChoice.getItems().setAll(usable);
        modelChoice.setValue(usable.contains(chosen) ? chosen : InstalledModel.preferred(usable));
        validate();
    }

    private SweepForm form() {
        InstalledModel chosen = modelChoice.getValue();
        return new SweepForm(prompts.getText(), seeds.getText(), vary.getValue().setting, values.getText(),
                fields.text(), output.getText(), chosen == null ? null : chosen.file());
    }

    private void validate() {
        SweepForm.Parsed parsed = form().parse();
        summary.getStyleClass().removeAll("error-text", "muted");
        if (parsed.plan().isPresent()) {
            int jobs = parsed.plan().get().jobCount();
            add.setText(jobs == 1 ? "Add 1 job" : "Add " + jobs + " jobs");
            add.setDisable(false);
            summary.setText("Ready: " + jobs + (jobs == 1 ? " job" : " jobs") + " of "
                    + parsed.plan().get().base().count() + " image(s) each.");
            summary.getStyleClass().add("muted");
        } else {
            add.setText("Add jobs");
            add.setDisable(true);
            summary.setText(parsed.errors().get(0)
                    + (parsed.errors().size() > 1 ? " (and " + (parsed.errors().size() - 1) + " more)" : ""));
            summary.getStyleClass().add("error-text");
        }
    }

    private void addSweep() {
        SweepForm.Parsed parsed = form().parse();
        if (parsed.plan().isEmpty()) {
            validate();
            return;
        }
        if (!queue.addSweep(parsed.plan().get()).isEmpty()) {
            onClose.run();
        } else {
            summary.setText(queue.messageProperty().get());
        }
    }

    private void chooseOutputFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Output folder for the sweep");
        File current = new File(output.getText());
        if (current.isDirectory()) {
            chooser.setInitialDirectory(current);
        }
        File chosen = chooser.showDialog(root.getScene().getWindow());
        if (chosen != null) {
            output.setText(chosen.getPath());
        }
    }

    private static ListCell<InstalledModel> modelCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(InstalledModel item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + " (" + item.source().name().toLowerCase() + ")");
            }
        };
    }

    /**
     * A TextArea drops the line breaks of its prompt text ("e.g.cat facerocket"), so the example is
     * a label over the empty area instead, where the typed text will start.
     */
    private static javafx.scene.Node withPlaceholder(TextArea area, String example) {
        Label placeholder = new Label(example);
        placeholder.setId("sweep-prompts-placeholder");
        placeholder.getStyleClass().add("placeholder");
        placeholder.setMouseTransparent(true);
        placeholder.setPadding(new javafx.geometry.Insets(10, 14, 10, 14)); // the area's border and text insets
        placeholder.visibleProperty().bind(area.textProperty().isEmpty());
        StackPane box = new StackPane(area, placeholder);
        StackPane.setAlignment(placeholder, javafx.geometry.Pos.TOP_LEFT);
        return box;
    }
}
