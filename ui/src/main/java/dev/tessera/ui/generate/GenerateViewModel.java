package dev.tessera.ui.generate;

import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.history.History;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.ui.FxImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;
import dev.tessera.app.video.ClipRendering;
import dev.tessera.app.video.ClipSettings;
import dev.tessera.ui.ClipPlayer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import dev.tessera.generation.text.PromptEncoder;
import javafx.concurrent.Task;

/**
 * The Generate page without its controls: the {@link GenerateForm}, the running render, the live
 * preview, the step scrubber and the results. With a video model the render makes clips: their frames
 * arrive block by block, the selected clip plays in the {@link #player()}, and clips export as GIF, MP4
 * or a folder of PNG frames. All methods run on the FX thread; the render itself runs on the studio's
 * {@link RenderLane}, after any render already there (a queue job's image).
 */
public final class GenerateViewModel {

    private final RenderLane lane;
    private final History history;
    private final GenerateForm form;

    // The render
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("Ready");
    private final ObjectProperty<Image> preview = new SimpleObjectProperty<>();
    private final StringProperty previewCaption = new SimpleStringProperty("");
    private final IntegerProperty blocksShown = new SimpleIntegerProperty();
    private final ObservableList<GeneratedImage> results = FXCollections.observableArrayList();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private final IntegerProperty frame = new SimpleIntegerProperty();
    private final IntegerProperty frameCount = new SimpleIntegerProperty();
    private final IntegerProperty completedRuns = new SimpleIntegerProperty();
    /** The model the shown results were rendered with. */
    private final ObjectProperty<InstalledModel> resultsModel = new SimpleObjectProperty<>();
    private List<StepFrame> frames = List.of();
    // Clips: the finished ones, the player of the selected (or the one being made), frames arrived so far
    private final ObservableList<GeneratedClip> clips = FXCollections.observableArrayList();
    private final ClipPlayer player = new ClipPlayer();
    private final BooleanProperty showingClips = new SimpleBooleanProperty();
    private final IntegerProperty framesShown = new SimpleIntegerProperty();
    private final ObjectProperty<Path> lastExport = new SimpleObjectProperty<>();
    private Executor files = Runnable::run;
    // The start-up load of the chosen model (preloadModel): renders wait for it, the page says so.
    private final BooleanProperty modelLoading = new SimpleBooleanProperty();
    private final StringProperty modelState = new SimpleStringProperty("");
    private Task<?> task;
    private Consumer<List<Path>> onSaved = files -> {};
    private QueueTarget queue = QueueTarget.NONE;

    /** Where "Add to queue" sends a request: the studio's render queue, or nowhere when it cannot be opened. */
    public interface QueueTarget {
        QueueTarget NONE = (request, clip, model) -> Optional.of("The render queue is not open (see the Queue page).");

        /** Adds one job (of clips when {@code clip} is not null); empty on success, else why it was not added. */
        Optional<String> add(GenerationRequest request, ClipSettings clip, Path modelFile);
    }

    public GenerateViewModel(RenderLane lane, History history, LongSupplier randomSeeds) {
        this.lane = lane;
        this.history = history;
        this.form = new GenerateForm(randomSeeds);
        frame.addListener((obs, old, now) -> showFrame());
        selected.addListener((obs, old, now) -> showFrame());
        selected.addListener((obs, old, now) -> loadClip());
        player.imageProperty().addListener((obs, old, now) -> showClipFrame());
        player.frameProperty().addListener((obs, old, now) -> showClipFrame());
    }

    /** Where clip exports are written from (the studio's file thread); by default the calling thread. */
    public void setFiles(Executor files) {
        this.files = files;
    }

    /**
     * Loads the form's model (and the prompt encoder, with the prompt's embedding) on the render lane,
     * so the first render does not wait for them; {@link #modelLoadingProperty()} holds until then,
     * and {@link #modelStateProperty()} says what loads or why it failed. Then runs {@code done} on the
     * FX thread. Without a model it only runs {@code done}. What a render makes does not change: it
     * would load the same model and encode the same prompt itself.
     */
    public void preloadModel(Runnable done) {
        InstalledModel chosen = form.modelProperty().get();
        if (chosen == null) {
            done.run();
            return;
        }
        String prompt = form.promptProperty().get();
        modelLoading.set(true);
        modelState.set("Loading the model " + chosen.name() + "…");
        lane.execute("Load " + chosen.name(), () -> {
            String failure = null;
            try {
                lane.serviceFor(chosen.file());
            } catch (IOException | RuntimeException e) {
                failure = "Could not load the model " + chosen.name() + ": " + describe(e);
            }
            try {
                PromptEncoder.shared().encode(prompt); // ready in the encoder's cache for the render
                // A prompt stored from an earlier run needs no ONNX session; the next new one would wait for it.
                PromptEncoder.shared().loadModel();
            } catch (RuntimeException e) {
                // an invalid prompt, or an encoder that does not load: the render says so when it encodes
            }
            String problem = failure;
            Platform.runLater(() -> {
                modelLoading.set(false);
                modelState.set(problem == null ? "" : problem);
                done.run();
            });
        });
    }

    /** True while the start-up load of the model runs ({@link #preloadModel}); the Generate button waits for it. */
    public ReadOnlyBooleanProperty modelLoadingProperty() {
        return modelLoading;
    }

    /** What the start-up load is doing, or why it failed; empty once the model is ready. */
    public ReadOnlyStringProperty modelStateProperty() {
        return modelState;
    }

    /** Starts a render; false (with the reason in {@link #statusProperty()}) when one runs or the form is invalid. */
    public boolean generate() {
        if (running.get()) {
            status.set("A render is already running; press Esc to cancel it first.");
            return false;
        }
        if (modelLoading.get()) {
            status.set("The model is still loading; Generate is ready as soon as it is.");
            return false;
        }
        Optional<GenerationRequest> request = form.request();
        if (request.isEmpty()) {
            form.markAttempted();
            status.set("Fix the highlighted fields first.");
            return false;
        }
        form.rememberPrompt(request.get().prompt());
        InstalledModel used = form.modelProperty().get();
        if (form.videoProperty().get()) {
            return generateClips(request.get(), form.clipSettings().orElseThrow(), used);
        }
        RenderTask render = new RenderTask(lane, history, used.file(), request.get(), this::showLive);
        player.playingProperty().set(false);
        showingClips.set(false); // the live preview is the picture being made
        render.setOnSucceeded(e -> finished(render, render.getValue(), used));
        start(render, "Generate: " + request.get().prompt());
        return true;
    }

    private boolean generateClips(GenerationRequest request, ClipSettings clip, InstalledModel used) {
        ClipTask render = new ClipTask(lane, history, used.file(), request, clip, this::showFrames);
        framesShown.set(0);
        showingClips.set(true);
        player.clear();
        preview.set(null);
        previewCaption.set("");
        render.setOnSucceeded(e -> finishedClips(render, render.getValue(), used));
        start(render, "Generate clip: " + request.prompt());
        return true;
    }

    /** Runs {@code render} on the lane with its progress and messages on the page; a cancel or failure says so. */
    private void start(Task<?> render, String what) {
        task = render;
        running.set(true);
        blocksShown.set(0);
        form.showNotice("");
        progress.unbind();
        progress.bind(render.progressProperty());
        status.unbind();
        status.bind(render.messageProperty());
        render.setOnCancelled(e -> stopped(render, "Cancelled; nothing was saved."));
        render.setOnFailed(e -> stopped(render, render.getException() instanceof CancellationException
                ? "Cancelled; nothing was saved." : "Render failed: " + describe(render.getException())));
        lane.execute(what, render);
    }

    /** A block of the first clip finished: its frames join the player, which shows the newest. */
    private void showFrames(ClipTask.Frames arrived) {
        if (!running.get() || !showingClips.get()) {
            return;
        }
        player.grow(f -> FxImages.fitting(GeneratedClip.frameChw(arrived.clip(), arrived.size(), f), RenderTask.PREVIEW_BOX),
                arrived.done());
        blocksShown.set(arrived.block() + 1);
        framesShown.set(arrived.done());
        previewCaption.set("Frame " + arrived.done() + " of " + arrived.total() + " · block " + (arrived.block() + 1)
                + " of " + arrived.blockCount() + " finished");
    }

    private void finishedClips(ClipTask render, List<GeneratedClip> made, InstalledModel used) {
        if (render != task) {
            return;
        }
        resultsModel.set(used);
        unbindProgress();
        running.set(false);
        frames = List.of();
        frameCount.set(0);
        results.clear();
        clips.setAll(made);
        selected.set(-1); // force a change so the player loads the first clip
        selected.set(0);
        player.playingProperty().set(true); // the clip plays in place
        form.advanceSeed(made.get(0).recipe().frame().seed(), made.size());
        status.set("Made " + made.size() + (made.size() == 1 ? " clip" : " clips") + " of " + made.get(0).recipe().frames()
                + " frames; saved in the history.");
        completedRuns.set(completedRuns.get() + 1);
        onSaved.accept(made.stream().map(GeneratedClip::historyFolder).toList());
    }

    /** Puts the selected clip into the player (paused, at its first frame). */
    private void loadClip() {
        int index = selected.get();
        if (running.get() || clips.isEmpty() || index < 0 || index >= clips.size()) {
            return;
        }
        GeneratedClip clip = clips.get(index);
        player.load(f -> clip.frame(f, RenderTask.PREVIEW_BOX), clip.recipe().frames(),
                (int) Math.max(ClipPlayer.MIN_FPS, Math.min(ClipPlayer.MAX_FPS, Math.round(clip.recipe().fps()))));
    }

    private void showClipFrame() {
        if (!showingClips.get()) {
            return;
        }
        preview.set(player.imageProperty().get());
        int index = selected.get();
        if (!running.get() && index >= 0 && index < clips.size()) {
            previewCaption.set("Clip " + (index + 1) + " of " + clips.size() + " · seed "
                    + clips.get(index).recipe().frame().seed() + " · frame " + (player.frameProperty().get() + 1) + " of "
                    + player.frameCountProperty().get());
        }
    }

    /**
     * Writes clip {@code index} to {@code out} on the file thread: a GIF ({@code *.gif}) or MP4
     * ({@code *.mp4}) enlarged {@value ClipRendering#DEFAULT_SCALE} times, else a folder of PNG frames with
     * the recipe. A name that exists gets {@code -2}, {@code -3}, … instead of being replaced.
     */
    public void exportClip(int index, Path out) {
        GeneratedClip clip = clips.get(index);
        status.unbind();
        status.set("Exporting " + out.getFileName() + "…");
        files.execute(() -> {
            try {
                Path written = ClipRendering.writeNew(out, clip.recipe(), clip.clip(), ClipRendering.DEFAULT_SCALE);
                Platform.runLater(() -> {
                    status.set("Exported " + written.getFileName() + (written.equals(out.toAbsolutePath())
                            || written.equals(out) ? "" : " (" + out.getFileName() + " exists)") + " to "
                            + written.getParent());
                    lastExport.set(written);
                });
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> status.set("Export failed: " + describe(e)));
            }
        });
    }

    public void setQueue(QueueTarget target) {
        this.queue = target;
    }

    /** Adds the form's request to the render queue; false (with the reason in the status) when it cannot. */
    public boolean addToQueue() {
        Optional<GenerationRequest> request = form.request();
        if (request.isEmpty()) {
            status.unbind();
            form.markAttempted();
            status.set("Fix the highlighted fields first.");
            return false;
        }
        form.rememberPrompt(request.get().prompt());
        ClipSettings clip = form.clipSettings().orElse(null);
        Optional<String> refusal = queue.add(request.get(), clip, form.modelProperty().get().file());
        status.unbind();
        String what = clip == null ? (request.get().count() == 1 ? " image" : " images")
                : (request.get().count() == 1 ? " clip" : " clips") + " of " + clip.frames() + " frames";
        status.set(refusal.orElse("Added to the queue: " + request.get().prompt() + " (" + request.get().count() + what
                + ")"));
        return refusal.isEmpty();
    }

    /** Cancels the running render, if any. */
    public void cancel() {
        if (task != null && running.get()) {
            task.cancel();
        }
    }

    private void showLive(LivePreview live) {
        if (!running.get()) {
            return;
        }
        preview.set(live.image());
        previewCaption.set(live.description());
        if (live.blockFinished()) {
            blocksShown.set(live.blocksDone());
        }
    }

    private void finished(RenderTask render, RenderOutcome outcome, InstalledModel used) {
        if (render != task) {
            return;
        }
        resultsModel.set(used);
        unbindProgress();
        running.set(false);
        showingClips.set(false);
        clips.clear();
        player.clear();
        frames = outcome.frames();
        results.setAll(outcome.images());
        frameCount.set(frames.size());
        frame.set(frames.size() - 1);
        selected.set(-1); // force a change so the preview follows
        selected.set(0);
        form.advanceSeed(outcome.images().get(0).recipe().seed(), outcome.images().size());
        status.set("Made " + outcome.images().size() + (outcome.images().size() == 1 ? " image" : " images")
                + "; saved in the history.");
        completedRuns.set(completedRuns.get() + 1);
        onSaved.accept(outcome.images().stream().map(GeneratedImage::historyFile).toList());
    }

    private void stopped(Task<?> render, String message) {
        if (render != task) {
            return;
        }
        unbindProgress();
        running.set(false);
        progress.set(0);
        status.set(message);
        // Back to the last finished render (clips or images), or empty.
        showingClips.set(!clips.isEmpty());
        if (showingClips.get()) {
            loadClip();
        } else {
            player.clear();
            if (results.isEmpty()) {
                preview.set(null);
                previewCaption.set("");
            }
        }
        showFrame();
    }

    private void unbindProgress() {
        progress.unbind();
        status.unbind();
    }

    /** Shows the selected image at the scrubber's step. */
    private void showFrame() {
        int image = selected.get();
        if (showingClips.get()) {
            return;
        }
        if (running.get() || frames.isEmpty() || image < 0 || image >= results.size()) {
            if (!running.get() && results.isEmpty()) {
                preview.set(null);
                previewCaption.set("");
            }
            return;
        }
        int index = Math.max(0, Math.min(frame.get(), frames.size() - 1));
        StepFrame shown = frames.get(index);
        preview.set(shown.isFinal() ? results.get(image).large()
                : FxImages.fitting(shown.images().get(image), RenderTask.PREVIEW_BOX));
        previewCaption.set("Image " + (image + 1) + " of " + results.size() + " · seed "
                + results.get(image).recipe().seed() + " · " + shown.describe());
    }

    /** Writes image {@code index} with its recipe to {@code file} (the user chose it). */
    public void save(int index, Path file) throws IOException {
        GeneratedImage image = results.get(index);
        RecipePng.write(file, ChwImages.toImage(image.chw(), FxImages.sideOf(image.chw())), image.recipe());
        status.set("Saved " + file.getFileName() + " (with its recipe).");
    }

    private static String describe(Throwable e) {
        return e == null ? "unknown error" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Called with the history files after each successful render. */
    public void setOnSaved(Consumer<List<Path>> onSaved) {
        this.onSaved = onSaved;
    }

    public BooleanProperty runningProperty() { return running; }
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty statusProperty() { return status; }
    public ObjectProperty<Image> previewProperty() { return preview; }
    public StringProperty previewCaptionProperty() { return previewCaption; }
    public IntegerProperty blocksShownProperty() { return blocksShown; }
    public GenerateForm form() { return form; }
    public ObservableList<GeneratedImage> results() { return results; }
    /** The clips of the last render of a video model (empty after an image render). */
    public ObservableList<GeneratedClip> clips() { return clips; }
    /** Plays the selected clip, or the frames of the clip being made. */
    public ClipPlayer player() { return player; }
    /** True while the page shows clips (one being made, or the last render's). */
    public ReadOnlyBooleanProperty showingClipsProperty() { return showingClips; }
    /** Frames of the clip being made that have arrived so far. */
    public IntegerProperty framesShownProperty() { return framesShown; }
    /** Where the last clip export was written (null before one). */
    public ObjectProperty<Path> lastExportProperty() { return lastExport; }
    public IntegerProperty selectedProperty() { return selected; }
    public IntegerProperty frameProperty() { return frame; }
    public IntegerProperty frameCountProperty() { return frameCount; }
    public IntegerProperty completedRunsProperty() { return completedRuns; }
    /** The model of the shown results (null before the first render). */
    public ObjectProperty<InstalledModel> resultsModelProperty() { return resultsModel; }
    /** The lane renders run on, for work that renders again (the routing view). */
    public RenderLane lane() { return lane; }
}
