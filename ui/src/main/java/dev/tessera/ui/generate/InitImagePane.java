package dev.tessera.ui.generate;

import atlantafx.base.theme.Styles;
import dev.tessera.generation.acdit.model.BlockLayout;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.image.SourceImages;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The Generate form's image-to-image section: a picture to start from (dropped here or chosen), shown
 * as the model will read it, with the model's block grid over it (click a block to keep it), and the
 * strength slider. A picture dropped here is an init image; dropped anywhere else on the window it
 * still restores a generated image's settings.
 */
final class InitImagePane {

    static final int SIDE = 128;

    private final GenerateForm form;
    private final ImageView picture = new ImageView();
    private final GridPane blocks = new GridPane();
    private final VBox root;

    InitImagePane(GenerateForm form) {
        this.form = form;
        picture.setId("init-image-view");
        picture.setSmooth(false);
        picture.setFitWidth(SIDE);
        picture.setFitHeight(SIDE);
        Label empty = new Label("Drop a picture here\nor choose one");
        empty.getStyleClass().add("muted");
        empty.setAlignment(Pos.CENTER);
        empty.visibleProperty().bind(form.initImageProperty().isEmpty());
        blocks.setId("init-blocks");
        blocks.visibleProperty().bind(form.initImageProperty().isNotEmpty());
        StackPane frame = new StackPane(empty, picture, blocks);
        frame.setId("init-image-drop");
        frame.getStyleClass().add("preview-frame");
        frame.setMinSize(SIDE + 2, SIDE + 2);
        frame.setMaxSize(SIDE + 2, SIDE + 2);
        frame.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        // Consumed here, so the window's own drop handler (restore settings from a PNG) does not see it.
        frame.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            if (!files.isEmpty()) {
                form.initImageProperty().set(files.get(0).getAbsolutePath());
            }
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });

        Button choose = new Button("Choose…");
        choose.setId("init-image-choose");
        choose.setOnAction(e -> choose(choose));
        Button clear = new Button("Clear");
        clear.setId("init-image-clear");
        clear.disableProperty().bind(form.initImageProperty().isEmpty());
        clear.setOnAction(e -> form.clearInitImage());
        Label file = new Label();
        file.setId("init-image-file");
        file.getStyleClass().add("muted");
        file.setWrapText(true);
        file.textProperty().bind(Bindings.createStringBinding(() -> form.initImageProperty().get().isEmpty()
                ? "None: text to image." : Path.of(form.initImageProperty().get()).getFileName().toString(),
                form.initImageProperty()));
        VBox side = new VBox(6, choose, clear, file);
        side.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(side, Priority.ALWAYS);
        HBox row = new HBox(10, frame, side);

        Slider strength = new Slider(0.05, 1, form.strengthProperty().get());
        strength.setId("strength");
        strength.setBlockIncrement(0.05);
        strength.setMajorTickUnit(0.05);
        strength.setMinorTickCount(0);
        strength.setSnapToTicks(true);
        strength.valueProperty().bindBidirectional(form.strengthProperty());
        strength.disableProperty().bind(form.initImageProperty().isEmpty());
        strength.setTooltip(new Tooltip("The fraction of each block's steps run again from the picture noised to"
                + " that level (SDEdit): low keeps the picture, 1 starts from noise. Kept blocks are copied as they are."));
        Label strengthValue = new Label();
        strengthValue.setId("strength-value");
        strengthValue.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.2f", form.strengthProperty().get()), form.strengthProperty()));
        HBox strengthRow = new HBox(8, new Label("Strength"), strength, strengthValue);
        strengthRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(strength, Priority.ALWAYS);

        Label hint = new Label("Click a block to keep it. Blocks are made in order (left to right, top to bottom);"
                + " a kept block steers only the blocks after it.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        Label error = new Label();
        error.setId("init-image-error");
        error.setWrapText(true);
        error.getStyleClass().addAll("field-error", Styles.DANGER);
        error.textProperty().bind(form.initErrorProperty());
        error.visibleProperty().bind(Bindings.isNotEmpty(form.initErrorProperty()));
        error.managedProperty().bind(error.visibleProperty());

        Label label = new Label("Init image (image to image)");
        label.getStyleClass().add("field-label");
        root = new VBox(4, label, row, strengthRow, hint, error);
        root.setPadding(new Insets(6, 0, 0, 0));

        form.initImageProperty().addListener((obs, old, now) -> showPicture());
        form.layoutProperty().addListener((obs, old, now) -> {
            rebuildBlocks();
            showPicture();
        });
        form.keptBlocks().addListener((ListChangeListener<Integer>) c -> syncBlocks());
        rebuildBlocks();
        showPicture();
    }

    Node node() {
        return root;
    }

    private void choose(Node owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Init image");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Pictures", "*.png", "*.jpg", "*.jpeg",
                "*.gif", "*.bmp"));
        File chosen = chooser.showOpenDialog(owner.getScene().getWindow());
        if (chosen != null) {
            form.initImageProperty().set(chosen.getAbsolutePath());
        }
    }

    /** The picture as the model reads it (centred square, on white, at its size), or nothing when unreadable. */
    private void showPicture() {
        String file = form.initImageProperty().get();
        BlockLayout layout = form.layoutProperty().get();
        if (file.isBlank()) {
            picture.setImage(null);
            return;
        }
        int size = layout == null ? 32 : layout.imageSize();
        try {
            picture.setImage(SwingFXUtils.toFXImage(ChwImages.toImage(SourceImages.read(Path.of(file), size), size), null));
        } catch (IllegalArgumentException e) {
            picture.setImage(null); // the form's message says why
        }
    }

    /** One toggle per block of the model's grid, over the picture. */
    private void rebuildBlocks() {
        blocks.getChildren().clear();
        BlockLayout layout = form.layoutProperty().get();
        int side = layout == null ? 0 : layout.blocksPerSide();
        for (int i = 0; i < side * side; i++) {
            ToggleButton block = new ToggleButton(Integer.toString(i));
            block.setId("keep-block-" + i);
            block.getStyleClass().add("init-block");
            block.setPrefSize((double) SIDE / side, (double) SIDE / side);
            block.setMinSize((double) SIDE / side, (double) SIDE / side);
            block.setTooltip(new Tooltip("Block " + i + ": click to keep it from the picture"));
            int index = i;
            block.setOnAction(e -> form.toggleKeptBlock(index));
            blocks.add(block, i % side, i / side);
        }
        syncBlocks();
    }

    private void syncBlocks() {
        for (Node node : blocks.getChildren()) {
            ToggleButton block = (ToggleButton) node;
            block.setSelected(form.keptBlocks().contains(Integer.valueOf(block.getText())));
        }
    }
}
