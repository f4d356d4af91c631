package dev.tessera.ui.generate;

import atlantafx.base.theme.Styles;
import dev.tessera.app.generate.PromptNote;
import dev.tessera.app.generate.TrainedPrompts;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.settings.SeedMode;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.app.generate.Preset;
import dev.tessera.ui.StudioView;
import dev.tessera.ui.export.ExportPanel;
import dev.tessera.ui.export.ExportViewModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import dev.tessera.app.video.ClipFormat;
import dev.tessera.ui.ClipPlayerBar;
import java.util.Locale;
import javafx.scene.image.Image;
import javafx.stage.DirectoryChooser;

/** The Generate page: the form on the left, the live preview with its step scrubber, and the results strip. */
public final class GenerateView implements StudioView {

    private static final int PREVIEW_SIDE = RenderTask.PREVIEW_BOX;

    private final GenerateViewModel model;
    private final BorderPane root = new BorderPane();
    private final PromptField prompt;
    private final HBox strip = new HBox(8);
    private final ToggleGroup thumbnails = new ToggleGroup();

    private final ExportPanel export;

    public GenerateView(GenerateViewModel model, ExportViewModel exportModel) {
        this.model = model;
        this.export = new ExportPanel(exportModel, new ExportPanel.Selection() {
            @Override
            public Optional<Path> image() {
                int index = model.selectedProperty().get();
                return index < 0 || index >= model.results().size() ? Optional.empty()
                        : Optional.of(model.results().get(index).historyFile());
            }

            @Override
            public List<Path> batch() {
                return model.results().stream().map(GeneratedImage::historyFile).toList();
            }
        }, model.selectedProperty().greaterThanOrEqualTo(0).and(model.runningProperty().not()), "generate");
        // The trained names behind the suggestions load after the first frame (loadInBackground).
        this.prompt = new PromptField(model.form().promptProperty(), model.form().promptHistory(),
                TrainedPrompts::bundled, PromptNote::bundledNeighbours);
        // A clip plays only while its page is on screen (the shell takes a page out when another is shown).
        root.parentProperty().addListener((obs, old, now) -> {
            if (now == null) {
                model.player().playingProperty().set(false);
            }
        });
        root.setId("generate-view");
        root.getStyleClass().add("page");
        root.setLeft(form());
        root.setCenter(previewArea());
        model.results().addListener((ListChangeListener<GeneratedImage>) change -> rebuildStrip());
        model.clips().addListener((ListChangeListener<GeneratedClip>) change -> rebuildStrip());
        model.selectedProperty().addListener((obs, old, now) -> selectThumbnail(now.intValue()));
        KeyCombination save = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (save.match(e) && model.selectedProperty().get() >= 0 && !model.runningProperty().get()) {
                saveSelected();
                e.consume();
            }
        });
    }

    @Override
    public String title() {
        return "Generate";
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public Optional<KeyCombination> shortcut() {
        return Optional.of(new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN));
    }

    @Override
    public void shown() {
        prompt.node().requestFocus();
    }

    /** Loads the prompt's trained names on {@code background}; suggestions and the prompt's note start then. */
    public void loadInBackground(java.util.concurrent.Executor background) {
        prompt.loadNames(background);
    }

    // ---- the form ----

    private Node form() {
        ComboBox<String> style = new ComboBox<>(model.form().styles());
        style.setId("style");
        style.valueProperty().bindBidirectional(model.form().styleProperty());
        style.setMaxWidth(Double.MAX_VALUE);

        ComboBox<InstalledModel> modelBox = new ComboBox<>(model.form().models());
        modelBox.setId("model");
        modelBox.valueProperty().bindBidirectional(model.form().modelProperty());
        modelBox.setMaxWidth(Double.MAX_VALUE);
        modelBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(InstalledModel m) {
                return m == null ? "" : m.name() + " (" + m.source().name().toLowerCase() + ")";
            }

            @Override
            public InstalledModel fromString(String s) {
                return null;
            }
        });

        TextField seed = field("seed", model.form().seedProperty());
        seed.setPrefColumnCount(8);
        HBox seedRow = new HBox(6, seed, seedModes());
        HBox.setHgrow(seed, Priority.ALWAYS);

        TextField negativePrompt = field("negative-prompt", model.form().negativePromptProperty());
        negativePrompt.setPromptText("optional, e.g. sad");
        negativePrompt.setTooltip(new Tooltip("What guidance steers away from: it replaces the unconditional branch"
                + " of classifier-free guidance, as in A1111. Empty renders as without it."));

        TextField steps = field("steps", model.form().stepsProperty());
        TextField guidance = field("guidance", model.form().guidanceProperty());
        TextField styleStrength = field("style-strength", model.form().styleStrengthProperty());
        styleStrength.setTooltip(new Tooltip("Pushes every step away from the same prompt in the other style."
                + " 0 is off; higher is more distinct style. Costs a third model pass per step."));
        TextField count = field("count", model.form().countProperty());

        ComboBox<SamplerKind> sampler = new ComboBox<>();
        sampler.getItems().setAll(SamplerKind.values());
        sampler.setId("sampler");
        sampler.valueProperty().bindBidirectional(model.form().samplerProperty());
        sampler.setMaxWidth(Double.MAX_VALUE);
        sampler.setConverter(new StringConverter<>() {
            @Override
            public String toString(SamplerKind kind) {
                return kind == null ? "" : switch (kind) {
                    case DPM_SOLVER_PP_2M -> "DPM-Solver++ 2M";
                    case DDIM -> "DDIM";
                    case EULER -> "Euler";
                };
            }

            @Override
            public SamplerKind fromString(String s) {
                return null;
            }
        });

        ComboBox<Preset> preset = new ComboBox<>();
        preset.getItems().add(null); // custom: the steps field for every block
        preset.getItems().addAll(Preset.values());
        preset.setId("preset");
        preset.valueProperty().bindBidirectional(model.form().presetProperty());
        preset.setMaxWidth(Double.MAX_VALUE);
        preset.setConverter(new StringConverter<>() {
            @Override
            public String toString(Preset p) {
                return p == null ? "Custom" : p.id().substring(0, 1).toUpperCase(Locale.ROOT) + p.id().substring(1);
            }

            @Override
            public Preset fromString(String s) {
                return null;
            }
        });
        preset.setTooltip(new Tooltip(presetTooltip()));
        // A few-step model has its own steps: 16 or 25 would be slower, not better.
        preset.disableProperty().bind(model.form().modelSamplesItselfProperty());

        Button generate = new Button("Generate");
        generate.setId("generate");
        generate.getStyleClass().add(Styles.ACCENT);
        generate.setDefaultButton(false);
        generate.setMaxWidth(Double.MAX_VALUE);
        generate.setTooltip(new Tooltip("Generate (Ctrl+Enter)"));
        generate.disableProperty().bind(model.runningProperty().or(model.form().validProperty().not())
                .or(model.modelLoadingProperty()));
        generate.setOnAction(e -> model.generate());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.setTooltip(new Tooltip("Cancel the render (Esc)"));
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button enqueue = new Button("Queue");
        enqueue.setId("add-to-queue");
        enqueue.setTooltip(new Tooltip("Add these settings to the render queue (Ctrl+Shift+Enter)"));
        enqueue.disableProperty().bind(model.form().validProperty().not());
        enqueue.setOnAction(e -> model.addToQueue());
        HBox buttons = new HBox(8, generate, enqueue, cancel);
        HBox.setHgrow(generate, Priority.ALWAYS);

        ProgressBar progress = new ProgressBar();
        progress.setId("progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(model.progressProperty());
        Label status = new Label();
        status.setId("generate-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        status.getStyleClass().add("muted");
        Label modelState = new Label();
        modelState.setId("model-state");
        modelState.setWrapText(true);
        modelState.textProperty().bind(Bindings.when(model.form().listingModelsProperty())
                .then("Listing the installed models…").otherwise(model.modelStateProperty()));
        modelState.visibleProperty().bind(modelState.textProperty().isNotEmpty());
        modelState.managedProperty().bind(modelState.visibleProperty());
        modelState.getStyleClass().add("muted");
        Label keys = new Label("Ctrl+Enter generates · Esc cancels");
        keys.getStyleClass().add("muted");

        Label notice = new Label();
        notice.setId("notice");
        notice.setWrapText(true);
        notice.getStyleClass().add("notice");
        notice.textProperty().bind(model.form().noticeProperty());
        notice.visibleProperty().bind(model.form().noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());

        VBox form = new VBox(4,
                labelled("_Prompt", prompt.node(), model.form().shownPromptErrorProperty(), "prompt-error"),
                prompt.note(),
                labelled("_Negative prompt", negativePrompt, model.form().negativePromptErrorProperty(),
                        "negative-prompt-error"),
                notice,
                pair(labelled("St_yle", style, null, null),
                        labelled("Style st_rength", styleStrength, model.form().styleStrengthErrorProperty(),
                                "style-strength-error")),
                labelled("_Model", modelBox, model.form().modelErrorProperty(), "model-error"),
                labelled("S_eed", seedRow, model.form().seedErrorProperty(), "seed-error", seed),
                pair(labelled("S_teps per block", steps, model.form().stepsErrorProperty(), "steps-error"),
                        labelled("_Guidance (CFG)", guidance, model.form().guidanceErrorProperty(), "guidance-error")),
                labelled("Speed preset", preset, null, null),
                samplerAndCount(labelled("Samp_ler", sampler, null, null),
                        labelled("_Count", count, model.form().countErrorProperty(), "count-error")),
                clipFields(),
                spacer(8), buttons, modelState, progress, status, keys,
                // Below the buttons, so that image to image, which few renders use, leaves them where they were.
                spacer(12), initImage());
        form.setPadding(new Insets(20));
        form.setFillWidth(true);
        form.getStyleClass().add("form");
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(380);
        scroll.setMinWidth(340);
        scroll.getStyleClass().add("form-scroll");
        return scroll;
    }

    /** Frames and fps of a clip: shown only while a video model is chosen. */
    private Node clipFields() {
        TextField frames = field("frames", model.form().framesProperty());
        frames.setTooltip(new Tooltip("Frames of the clip: a multiple of the model's block of frames. Longer than the"
                + " model's training clips works too: each block then looks back over the training length."));
        TextField fps = field("fps", model.form().fpsProperty());
        fps.setTooltip(new Tooltip("Frames per second of the clip: how fast it plays and how its GIF and MP4 are timed"));
        Node fields = pair(labelled("_Frames", frames, model.form().framesErrorProperty(), "frames-error"),
                labelled("F_ps", fps, model.form().fpsErrorProperty(), "fps-error"));
        CheckBox still = new CheckBox("Open with a _still from the image model");
        still.setId("still-opening");
        still.selectedProperty().bindBidirectional(model.form().stillOpeningProperty());
        still.setTooltip(new Tooltip("When the prompt names a motion (\"rocket moving up\"), the default image model"
                + " draws the emoji, the first frames move it along the motion, and the video model carries it on: the"
                + " emoji is recognisable about twice as often. Off: the video model alone."));
        VBox row = new VBox(6, fields, still);
        row.setId("clip-fields");
        row.visibleProperty().bind(model.form().videoProperty());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    /** Image to image, off with its reason while a video model is chosen (a clip starts from noise). */
    private Node initImage() {
        Node pane = new InitImagePane(model.form()).node();
        pane.disableProperty().bind(model.form().videoProperty());
        Label reason = new Label("Image to image is for image models: a clip starts from noise.");
        reason.setId("init-image-off");
        reason.setWrapText(true);
        reason.getStyleClass().add("muted");
        reason.visibleProperty().bind(model.form().videoProperty());
        reason.managedProperty().bind(reason.visibleProperty());
        return new VBox(4, reason, pane);
    }

    private Node seedModes() {
        ToggleGroup group = new ToggleGroup();
        ToggleButton lock = seedMode("Lock", SeedMode.LOCKED, group, "Keep this seed for every run");
        ToggleButton random = seedMode("Random", SeedMode.RANDOM, group, "A new random seed after each run");
        ToggleButton next = seedMode("+1", SeedMode.INCREMENT, group, "Continue after the seeds just used");
        lock.getStyleClass().add(Styles.LEFT_PILL);
        random.getStyleClass().add(Styles.CENTER_PILL);
        next.getStyleClass().add(Styles.RIGHT_PILL);
        Runnable sync = () -> group.getToggles().stream().filter(t -> t.getUserData() == model.form().seedModeProperty().get())
                .findFirst().ifPresent(group::selectToggle);
        model.form().seedModeProperty().addListener((obs, old, now) -> sync.run());
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one mode is always chosen
            } else {
                model.form().seedModeProperty().set((SeedMode) now.getUserData());
            }
        });
        sync.run();
        HBox modes = new HBox(lock, random, next);
        modes.getChildren().forEach(b -> ((Region) b).setMinWidth(Region.USE_PREF_SIZE));
        modes.setMinWidth(Region.USE_PREF_SIZE);
        return modes;
    }

    private static ToggleButton seedMode(String text, SeedMode mode, ToggleGroup group, String tip) {
        ToggleButton button = new ToggleButton(text);
        button.setId("seed-" + mode.name().toLowerCase());
        button.setUserData(mode);
        button.setToggleGroup(group);
        button.setTooltip(new Tooltip(tip));
        return button;
    }

    private static TextField field(String id, StringProperty value) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    private static Region spacer(double height) {
        Region region = new Region();
        region.setMinHeight(height);
        return region;
    }

    private static Node pair(Node left, Node right) {
        HBox row = new HBox(12, left, right);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        ((Region) left).setMaxWidth(Double.MAX_VALUE);
        ((Region) right).setMaxWidth(Double.MAX_VALUE);
        ((Region) left).setPrefWidth(1);
        ((Region) right).setPrefWidth(1);
        return row;
    }

    /** What each speed preset does and its measured time and quality (docs/results/sampling.md). */
    static String presetTooltip() {
        StringBuilder text = new StringBuilder("Fewer denoising steps for later blocks, which see everything before them."
                + " Custom uses the steps field for every block.");
        for (Preset p : Preset.values()) {
            text.append("\n").append(p.id().substring(0, 1).toUpperCase(Locale.ROOT)).append(p.id().substring(1))
                    .append(": ").append(p.summary());
        }
        text.append("\nFast on the default model chooses acdit-default-fast, the default distilled to 4 steps a block with"
                + " guidance in its weights (docs/results/sampling.md); its steps are its own while it is chosen.");
        return text.toString();
    }

    /** The sampler names are long, the count is short: the count gets a fixed narrow column. */
    private static Node samplerAndCount(Node sampler, Node count) {
        HBox row = new HBox(12, sampler, count);
        HBox.setHgrow(sampler, Priority.ALWAYS);
        ((Region) sampler).setMaxWidth(Double.MAX_VALUE);
        ((Region) count).setPrefWidth(90);
        ((Region) count).setMinWidth(90);
        return row;
    }

    private static Node labelled(String text, Node control, ObservableStringValue error, String errorId) {
        return labelled(text, control, error, errorId, control);
    }

    /** A field with its mnemonic label above and its error message below (shown only when there is one). */
    private static Node labelled(String text, Node control, ObservableStringValue error, String errorId,
            Node focusTarget) {
        Label label = new Label(text);
        label.setMnemonicParsing(true);
        label.setLabelFor(focusTarget);
        label.getStyleClass().add("field-label");
        VBox box = new VBox(3, label, control);
        box.setPadding(new Insets(6, 0, 0, 0));
        if (error != null) {
            Label message = new Label();
            message.setId(errorId);
            message.setWrapText(true);
            message.getStyleClass().addAll("field-error", Styles.DANGER);
            message.textProperty().bind(error);
            message.visibleProperty().bind(Bindings.isNotEmpty(error));
            message.managedProperty().bind(message.visibleProperty());
            error.addListener((obs, old, now) -> {
                if (now.isEmpty()) {
                    control.pseudoClassStateChanged(Styles.STATE_DANGER, false);
                } else {
                    control.pseudoClassStateChanged(Styles.STATE_DANGER, true);
                }
            });
            control.pseudoClassStateChanged(Styles.STATE_DANGER, !error.get().isEmpty());
            box.getChildren().add(message);
        }
        return box;
    }

    // ---- preview, scrubber, results ----

    private Node previewArea() {
        ImageView image = new ImageView();
        image.setId("preview");
        image.setSmooth(false);
        image.setPreserveRatio(true);
        image.setFitWidth(PREVIEW_SIDE);
        image.setFitHeight(PREVIEW_SIDE);
        image.imageProperty().bind(model.previewProperty());
        Label empty = new Label();
        empty.textProperty().bind(Bindings.when(model.form().videoProperty())
                .then("Your clip appears here, frame by frame as each block finishes.\nWrite a prompt such as"
                        + " \"rocket moving up\" and press Ctrl+Enter.")
                .otherwise("Your picture appears here, block by block.\nWrite a prompt and press Ctrl+Enter."));
        empty.getStyleClass().add("muted");
        empty.setAlignment(Pos.CENTER);
        empty.visibleProperty().bind(model.previewProperty().isNull());
        StackPane frame = new StackPane(empty, image);
        frame.getStyleClass().add("preview-frame");
        frame.setMinSize(PREVIEW_SIDE + 2, PREVIEW_SIDE + 2);
        frame.setMaxSize(PREVIEW_SIDE + 2, PREVIEW_SIDE + 2);

        Label caption = new Label();
        caption.setId("preview-caption");
        caption.textProperty().bind(model.previewCaptionProperty());
        caption.getStyleClass().add("muted");

        Slider scrubber = new Slider(0, 0, 0);
        scrubber.setId("scrubber");
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setMinorTickCount(0);
        scrubber.setSnapToTicks(true);
        scrubber.maxProperty().bind(Bindings.max(0, model.frameCountProperty().subtract(1)));
        scrubber.disableProperty().bind(model.runningProperty().or(model.frameCountProperty().lessThan(2)));
        scrubber.valueProperty().addListener((obs, old, now) -> model.frameProperty().set((int) Math.round(now.doubleValue())));
        model.frameProperty().addListener((obs, old, now) -> scrubber.setValue(now.intValue()));
        scrubber.setPrefWidth(PREVIEW_SIDE - 60);
        Label stepLabel = new Label("Step");
        stepLabel.setLabelFor(scrubber);
        HBox scrub = new HBox(10, stepLabel, scrubber, routingButton());
        scrub.setAlignment(Pos.CENTER);
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        scrub.setMaxWidth(PREVIEW_SIDE);

        scrub.setId("step-scrub");
        scrub.visibleProperty().bind(model.showingClipsProperty().not());
        scrub.managedProperty().bind(scrub.visibleProperty());
        HBox player = ClipPlayerBar.of(model.player(), "clip", model.runningProperty());
        player.setMaxWidth(PREVIEW_SIDE);
        player.visibleProperty().bind(model.showingClipsProperty());
        player.managedProperty().bind(player.visibleProperty());
        VBox centre = new VBox(10, frame, scrub, player, caption);
        centre.setAlignment(Pos.TOP_CENTER);
        centre.setPadding(new Insets(10, 20, 2, 20)); // tight: the export row under the strip must fit 800 px

        strip.setId("thumbnails");
        strip.setAlignment(Pos.CENTER_LEFT);
        strip.setPadding(new Insets(4));
        ScrollPane stripScroll = new ScrollPane(strip);
        stripScroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        stripScroll.setFitToHeight(true);
        stripScroll.setMinHeight(RenderTask.THUMBNAIL_BOX + 30);
        stripScroll.setPrefHeight(RenderTask.THUMBNAIL_BOX + 30);
        stripScroll.getStyleClass().add("strip");
        HBox.setHgrow(stripScroll, Priority.ALWAYS);

        Button save = new Button("Save…");
        save.setId("save");
        save.setTooltip(new Tooltip("Save the selected image as a PNG with its recipe (Ctrl+S)"));
        save.disableProperty().bind(model.selectedProperty().lessThan(0).or(model.runningProperty()));
        save.setOnAction(e -> saveSelected());
        Button copy = new Button("Copy");
        copy.setId("copy");
        copy.setTooltip(new Tooltip("Copy the selected image and its file to the clipboard"));
        copy.disableProperty().bind(model.selectedProperty().lessThan(0).or(model.runningProperty()));
        copy.setOnAction(e -> copySelected());
        // Open folder joins Save and Copy, so the export row fits in one line under the strip.
        Button openFolder = export.detachOpenFolder();
        export.showMessagesElsewhere(); // in the status bar: a line more would push the page past 800 px
        VBox actions = new VBox(8, save, copy, openFolder);
        VBox clipActions = clipExports();
        save.visibleProperty().bind(model.showingClipsProperty().not());
        copy.visibleProperty().bind(model.showingClipsProperty().not());
        save.managedProperty().bind(save.visibleProperty());
        // The image export's folder; a clip's export names its file in the status line.
        openFolder.visibleProperty().bind(model.showingClipsProperty().not());
        openFolder.managedProperty().bind(openFolder.visibleProperty());
        copy.managedProperty().bind(copy.visibleProperty());
        actions.getChildren().add(0, clipActions);
        save.setMaxWidth(Double.MAX_VALUE);
        copy.setMaxWidth(Double.MAX_VALUE);
        openFolder.setMaxWidth(Double.MAX_VALUE);
        actions.setAlignment(Pos.CENTER);
        actions.setMinWidth(Region.USE_PREF_SIZE);
        Label resultsTitle = new Label("Results");
        resultsTitle.getStyleClass().add(Styles.TITLE_4);
        HBox bottom = new HBox(12, stripScroll, actions);
        Node imageExport = export.node();
        imageExport.visibleProperty().bind(model.showingClipsProperty().not());
        imageExport.managedProperty().bind(imageExport.visibleProperty());
        VBox results = new VBox(6, resultsTitle, bottom, imageExport);
        results.setPadding(new Insets(0, 20, 8, 20));

        BorderPane area = new BorderPane();
        area.setCenter(centre);
        area.setBottom(results);
        return area;
    }

    /**
     * "Routing…": which expert drew where in the selected image; shown only when the results came from an AFA
     * ensemble, and in the scrubber's row so the page keeps its height.
     */
    private Button routingButton() {
        Button routing = new Button("Routing…");
        routing.setId("routing");
        routing.setTooltip(new Tooltip("Which expert of the ensemble drew where, per aggregation point and step"));
        routing.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.resultsModelProperty().get() != null
                && AfaEnsemble.KIND.equals(model.resultsModelProperty().get().kind()), model.resultsModelProperty()));
        routing.managedProperty().bind(routing.visibleProperty());
        routing.disableProperty().bind(model.selectedProperty().lessThan(0).or(model.runningProperty()));
        routing.setOnAction(e -> {
            int index = model.selectedProperty().get();
            if (index >= 0 && index < model.results().size()) {
                RoutingView.open(root.getScene().getWindow(), model.lane(), model.resultsModelProperty().get().file(),
                        model.results().get(index));
            }
        });
        routing.setMinWidth(Region.USE_PREF_SIZE);
        return routing;
    }

    /** GIF, MP4 and PNG frames of the selected clip (shown in place of Save and Copy while clips are shown). */
    private VBox clipExports() {
        VBox box = new VBox(8);
        box.setId("clip-exports");
        for (ClipFormat format : ClipFormat.values()) {
            String label = switch (format) {
                case GIF -> "GIF…";
                case MP4 -> "MP4…";
                case PNG_FRAMES -> "PNG frames…";
            };
            Button button = new Button(label);
            button.setId("export-" + format.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            button.setTooltip(new Tooltip(switch (format) {
                case GIF -> "Save the selected clip as a looping GIF, its recipe in the file";
                case MP4 -> "Save the selected clip as an H.264 MP4";
                case PNG_FRAMES -> "Save the selected clip as a folder of PNG frames with its recipe (clip.json)";
            }));
            button.setMaxWidth(Double.MAX_VALUE);
            button.disableProperty().bind(model.selectedProperty().lessThan(0).or(model.runningProperty()));
            button.setOnAction(e -> exportSelected(format));
            box.getChildren().add(button);
        }
        box.visibleProperty().bind(model.showingClipsProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private void exportSelected(ClipFormat format) {
        int index = model.selectedProperty().get();
        if (index < 0 || index >= model.clips().size()) {
            return;
        }
        GeneratedClip clip = model.clips().get(index);
        String name = clip.historyFolder().getFileName() + format.extension();
        File chosen;
        if (format == ClipFormat.PNG_FRAMES) {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Folder to put the frames folder " + name + " in");
            File parent = chooser.showDialog(root.getScene().getWindow());
            chosen = parent == null ? null : new File(parent, name);
        } else {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export clip as " + format.name());
            chooser.setInitialFileName(name);
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.name() + " clip",
                    "*" + format.extension()));
            chosen = chooser.showSaveDialog(root.getScene().getWindow());
        }
        if (chosen != null) {
            Path out = chosen.toPath();
            // A name without the format's extension would be written as another format.
            if (ClipFormat.of(out) != format) {
                out = out.resolveSibling(out.getFileName() + format.extension());
            }
            model.exportClip(index, out);
        }
    }

    /** One thumbnail per result: the images of the last render, or its clips (their first frames). */
    private void rebuildStrip() {
        strip.getChildren().clear();
        thumbnails.getToggles().clear();
        List<GeneratedClip> clips = model.clips();
        for (int i = 0; i < clips.size(); i++) {
            GeneratedClip clip = clips.get(i);
            addThumbnail(i, clip.thumbnail(), "Clip of " + clip.recipe().frames() + " frames, seed "
                    + clip.recipe().frame().seed() + " — " + clip.historyFolder().getFileName());
        }
        List<GeneratedImage> results = model.results();
        for (int i = 0; i < results.size(); i++) {
            GeneratedImage result = results.get(i);
            addThumbnail(i, result.thumbnail(), "Seed " + result.recipe().seed() + " — "
                    + result.historyFile().getFileName());
        }
        selectThumbnail(model.selectedProperty().get());
    }

    private void addThumbnail(int index, Image picture, String tip) {
        ImageView view = new ImageView(picture);
        view.setSmooth(false);
        ToggleButton button = new ToggleButton(null, view);
        button.setId("thumbnail-" + index);
        button.getStyleClass().add("thumbnail");
        button.setToggleGroup(thumbnails);
        button.setTooltip(new Tooltip(tip));
        button.setOnAction(e -> {
            button.setSelected(true);
            model.selectedProperty().set(index);
        });
        strip.getChildren().add(button);
    }

    private void selectThumbnail(int index) {
        if (index >= 0 && index < thumbnails.getToggles().size()) {
            thumbnails.getToggles().get(index).setSelected(true);
        }
    }

    private void saveSelected() {
        int index = model.selectedProperty().get();
        if (index < 0 || index >= model.results().size()) { // a clip exports through its own buttons
            return;
        }
        GeneratedImage image = model.results().get(index);
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save image with recipe");
        chooser.setInitialFileName(image.historyFile().getFileName().toString());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            try {
                model.save(index, file.toPath());
            } catch (IOException e) {
                model.statusProperty().set("Could not save " + file + ": " + e.getMessage());
            }
        }
    }

    private void copySelected() {
        int index = model.selectedProperty().get();
        if (index < 0 || index >= model.results().size()) { // a clip exports through its own buttons
            return;
        }
        GeneratedImage image = model.results().get(index);
        ClipboardContent content = new ClipboardContent();
        content.putImage(image.large());
        content.putFiles(List.of(image.historyFile().toFile()));
        Clipboard.getSystemClipboard().setContent(content);
        model.statusProperty().set("Copied image " + (index + 1) + " (and its PNG file) to the clipboard.");
    }

    /** Ctrl+Enter from anywhere in the window. */
    public void generateShortcut() {
        model.generate();
    }

    public GenerateViewModel model() {
        return model;
    }

}
