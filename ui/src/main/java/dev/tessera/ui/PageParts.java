package dev.tessera.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;

/**
 * Controls the pages that run long work share (Compress, Ensembles): the message line, the running bar bound to a
 * {@link PageWork}, muted hints and label–field forms. Ids are {@code <prefix>-message}, {@code <prefix>-progress},
 * {@code <prefix>-activity} and {@code <prefix>-cancel}.
 */
public final class PageParts {

    private PageParts() {}

    /** The page's message, coloured by its tone. */
    public static Label message(String prefix, PageWork work) {
        Label message = new Label();
        message.setId(prefix + "-message");
        message.setWrapText(true);
        message.textProperty().bind(work.messageProperty());
        tone(message, work.toneProperty().get());
        work.toneProperty().addListener((obs, old, now) -> tone(message, now));
        return message;
    }

    /** Progress bar, what runs and Cancel; shown only while the work runs. */
    public static Node running(String prefix, PageWork work) {
        ProgressBar progress = new ProgressBar();
        progress.setId(prefix + "-progress");
        progress.setPrefWidth(220);
        progress.progressProperty().bind(work.progressProperty());
        Label activity = new Label();
        activity.setId(prefix + "-activity");
        activity.textProperty().bind(work.activityProperty());
        Button cancel = new Button("Cancel");
        cancel.setId(prefix + "-cancel");
        cancel.setOnAction(e -> work.cancel());
        HBox running = new HBox(8, progress, activity, cancel);
        running.setAlignment(Pos.CENTER_LEFT);
        running.visibleProperty().bind(work.busyProperty());
        running.managedProperty().bind(work.busyProperty());
        return running;
    }

    /** A muted, wrapping explanation at most {@code width} pixels wide. */
    public static Label hint(String text, double width) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        label.setWrapText(true);
        label.setMaxWidth(width);
        return label;
    }

    /** A grid for label–field rows. */
    public static GridPane form() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        return grid;
    }

    private static void tone(Label message, PageWork.Tone tone) {
        message.getStyleClass().setAll("label", switch (tone) {
            case INFO -> "muted";
            case SUCCESS -> "ok-text";
            case ERROR -> "error-text";
        });
    }
}
