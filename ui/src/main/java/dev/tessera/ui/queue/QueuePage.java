package dev.tessera.ui.queue;

import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.ui.ViewStyles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * What the studio shows under "Queue": the Queue view when the queue opens, otherwise why it
 * cannot (typically another Tessera process holds the queue folder) with a Try again button.
 * This is the piece the app shell mounts; the Generate view reaches the queue through {@link #model()}.
 */
public final class QueuePage implements AutoCloseable {

    /** Opens the queue's view model; throws when the queue cannot be opened now. */
    @FunctionalInterface
    public interface Opener {
        QueueViewModel open() throws IOException;
    }

    private final Opener opener;
    private final ModelCatalogue catalogue;
    private final Path defaultOutput;
    private final StackPane root = new StackPane();
    private final Thumbnails thumbnails;
    private QueueViewModel model;
    /** The queue's view, made on the page's first visit ({@link #shown()}); null until then. */
    private QueueView view;
    /** Whether opening the queue was tried (it may have failed: the page then says why). */
    private boolean tried;

    public QueuePage(Opener opener, ModelCatalogue catalogue, Path defaultOutput) {
        this(opener, catalogue, defaultOutput, Thumbnails.loadingOn(java.util.concurrent.ForkJoinPool.commonPool()));
    }

    public QueuePage(Opener opener, ModelCatalogue catalogue, Path defaultOutput, Thumbnails thumbnails) {
        this(opener, catalogue, defaultOutput, thumbnails, true);
    }

    private QueuePage(Opener opener, ModelCatalogue catalogue, Path defaultOutput, Thumbnails thumbnails,
            boolean openNow) {
        this.thumbnails = thumbnails;
        this.opener = opener;
        this.catalogue = catalogue;
        this.defaultOutput = defaultOutput;
        root.getStylesheets().add(ViewStyles.dataUri());
        if (openNow) {
            tryOpen();
        }
    }

    /**
     * The studio's page: the queue in {@code queueFolder}, rendering on {@code lane} as soon as it
     * opens, one image at a time between the studio's other renders; thumbnails are read on {@code files}.
     */
    public static QueuePage forStudio(Path queueFolder, RenderLane lane, ModelCatalogue catalogue, Path defaultOutput,
            java.util.concurrent.Executor files) {
        return new QueuePage(studioOpener(queueFolder, lane), catalogue, defaultOutput, Thumbnails.loadingOn(files), true);
    }

    /**
     * As {@link #forStudio}, but the queue opens (and resumes its jobs) only at {@link #open()} or the
     * page's first visit, whichever comes first: the studio opens it after its first frame.
     */
    public static QueuePage forStudioOpenedLater(Path queueFolder, RenderLane lane, ModelCatalogue catalogue,
            Path defaultOutput, java.util.concurrent.Executor files) {
        return new QueuePage(studioOpener(queueFolder, lane), catalogue, defaultOutput, Thumbnails.loadingOn(files),
                false);
    }

    private static Opener studioOpener(Path queueFolder, RenderLane lane) {
        return () -> {
            QueueViewModel opened = QueueViewModel.open(queueFolder, lane);
            opened.start();
            return opened;
        };
    }

    /** Opens the queue if no try was made yet (a page made by {@link #forStudioOpenedLater}). */
    public void open() {
        if (!tried) {
            tryOpen();
        }
    }

    public Node root() {
        return root;
    }

    public String title() {
        return "Queue";
    }

    /** The open queue, for "Add to queue" elsewhere; empty while it cannot be opened. */
    public Optional<QueueViewModel> model() {
        return Optional.ofNullable(model);
    }

    /** Stops the runner and releases the queue (and its folder lock) cleanly. */
    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }

    /**
     * Called when the page comes to the front: the queue's view is made on the first visit (the queue
     * itself opens, and runs its jobs, from the start). A page built for a visible root shows it now.
     */
    public void shown() {
        open();
        if (model != null && view == null) {
            view = new QueueView(model, catalogue, defaultOutput, thumbnails);
            root.getChildren().setAll(view.root());
        }
    }

    private void tryOpen() {
        tried = true;
        try {
            model = opener.open();
            if (root.getScene() != null) {
                shown(); // "Try again" on the page itself
            }
        } catch (IOException | RuntimeException e) {
            root.getChildren().setAll(unavailable(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private Node unavailable(String reason) {
        Label title = new Label("The render queue is not available");
        title.getStyleClass().add("view-title");
        Label text = new Label(Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + ".");
        text.setId("queue-unavailable");
        text.setWrapText(true);
        text.setMaxWidth(640);
        Button retry = new Button("Try again");
        retry.setId("queue-retry");
        retry.setOnAction(e -> tryOpen());
        VBox box = new VBox(14, title, text, retry);
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(680);
        return box;
    }
}
