package dev.tessera.ui.history;

import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.history.History;
import dev.tessera.app.history.HistoryEntry;
import dev.tessera.app.history.HistoryFilter;
import dev.tessera.app.history.Replay;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import dev.tessera.ui.SamplerTask;
import javafx.concurrent.Task;
import dev.tessera.app.video.ClipRecipe;
import dev.tessera.ui.ClipPlayer;
import dev.tessera.ui.FxImages;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import javafx.scene.image.Image;

/**
 * The History page without its controls: the listing (read on a worker thread), the filter, the
 * selection for comparing, and replay. Methods run on the FX thread.
 */
public final class HistoryViewModel {

    private final History history;
    private final ModelCatalogue catalogue;
    private final RenderLane lane;
    private final Executor files;
    private final ZoneId zone;
    private Consumer<Recipe> useSettings = recipe -> {};
    private Consumer<ClipRecipe> useClipSettings = clip -> useSettings.accept(clip.frame());

    private final ObservableList<HistoryEntry> all = FXCollections.observableArrayList();
    private final ObservableList<HistoryEntry> shown = FXCollections.observableArrayList();
    private final ObservableList<String> modelNames = FXCollections.observableArrayList();
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty style = new SimpleStringProperty("");
    private final ObservableList<String> styleNames = FXCollections.observableArrayList();
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<ReplayNote> replayNote = new SimpleObjectProperty<>(ReplayNote.NONE);
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private Task<?> replayTask;
    private final ClipPlayer player = new ClipPlayer();
    private HistoryEntry shownClip;

    /** Replays render on {@code lane}; the folder is read on {@code files}. */
    public HistoryViewModel(History history, ModelCatalogue catalogue, RenderLane lane, Executor files, ZoneId zone) {
        this.history = history;
        this.catalogue = catalogue;
        this.lane = lane;
        this.files = files;
        this.zone = zone;
        for (Observable o : List.of(text, model, style, from, to, all)) {
            o.addListener(obs -> applyFilter());
        }
    }

    /** Reads the history folder again on the file thread. */
    public void refresh() {
        Task<History.Listing> list = new Task<>() {
            @Override
            protected History.Listing call() {
                return history.list();
            }
        };
        loading.set(true);
        list.setOnSucceeded(e -> {
            loading.set(false);
            History.Listing listing = list.getValue();
            all.setAll(listing.entries());
            List<String> names = listing.entries().stream().map(h -> h.recipe().model()).distinct().sorted().toList();
            modelNames.setAll(names);
            styleNames.setAll(listing.entries().stream().map(h -> h.recipe().style()).distinct().sorted().toList());
            long clips = listing.entries().stream().filter(HistoryEntry::isClip).count();
            long images = listing.entries().size() - clips;
            status.set(images + (images == 1 ? " image" : " images")
                    + (clips == 0 ? "" : " and " + clips + (clips == 1 ? " clip" : " clips"))
                    + " in " + history.folder()
                    + (listing.problems().isEmpty() ? "" : "; " + listing.problems().size() + " unreadable: "
                            + String.join("; ", listing.problems())));
        });
        list.setOnFailed(e -> {
            loading.set(false);
            status.set("Cannot read the history: " + list.getException().getMessage());
        });
        files.execute(list);
    }

    private void applyFilter() {
        shown.setAll(History.filter(all, new HistoryFilter(text.get(), model.get(), style.get(), from.get(),
                to.get()), zone));
    }

    /** Sends the entry's settings to the Generate page (a clip's with its frames and fps). */
    public void useSettings(HistoryEntry entry) {
        if (entry.isClip()) {
            useClipSettings.accept(entry.clip());
        } else {
            useSettings.accept(entry.recipe());
        }
    }

    /** Renders the entry's recipe again with its model and reports whether the pixels are identical. */
    public void replay(HistoryEntry entry) {
        if (busy.get()) {
            return;
        }
        Task<Replay.Outcome> task = new SamplerTask<>() {
            @Override
            protected Replay.Outcome call() throws Exception {
                InstalledModel installed = catalogue.list().stream()
                        .filter(m -> m.name().equals(entry.recipe().model()) && m.readable())
                        .findFirst().orElseThrow(() -> new IllegalStateException("the model \"" + entry.recipe().model()
                                + "\" is not installed (looked in " + catalogue.folders() + ")"));
                return Replay.run(lane.serviceFor(installed.file()), entry, token());
            }
        };
        replayTask = task;
        busy.set(true);
        replayNote.set(new ReplayNote(entry.file(), "Replaying " + entry.file().getFileName() + "…"));
        task.setOnSucceeded(e -> {
            busy.set(false);
            replayNote.set(new ReplayNote(entry.file(),
                    "Replay of " + entry.file().getFileName() + ": " + task.getValue().describe()));
        });
        task.setOnFailed(e -> {
            busy.set(false);
            replayNote.set(new ReplayNote(entry.file(), "Replay failed: " + task.getException().getMessage()));
        });
        task.setOnCancelled(e -> {
            busy.set(false);
            replayNote.set(new ReplayNote(entry.file(), "Replay cancelled."));
        });
        lane.execute("Replay: " + entry.file().getFileName(), task);
    }

    /**
     * Puts a clip's saved frames into the {@link #player()}, read on the file thread, paused at the first
     * frame; a frame that cannot be read is reported in the status.
     */
    public void showClip(HistoryEntry entry, int box) {
        player.clear();
        shownClip = entry;
        Task<List<Image>> read = new Task<>() {
            @Override
            protected List<Image> call() throws Exception {
                List<Image> frames = new ArrayList<>();
                for (BufferedImage frame : entry.readFrames()) {
                    frames.add(FxImages.of(frame, Math.max(1, box / frame.getWidth())));
                }
                return frames;
            }
        };
        read.setOnSucceeded(e -> {
            if (shownClip == entry) {
                List<Image> frames = read.getValue();
                player.load(frames::get, frames.size(), (int) Math.max(ClipPlayer.MIN_FPS,
                        Math.min(ClipPlayer.MAX_FPS, Math.round(entry.clip().fps()))));
                player.playingProperty().set(true);
            }
        });
        read.setOnFailed(e -> status.set("Cannot play " + entry.file().getFileName() + ": "
                + read.getException().getMessage()));
        files.execute(read);
    }

    /** Stops and empties the player (another entry, or none, is shown). */
    public void hideClip() {
        shownClip = null;
        player.clear();
    }

    public void cancelReplay() {
        if (replayTask != null && busy.get()) {
            replayTask.cancel();
        }
    }

    public void setOnUseSettings(Consumer<Recipe> useSettings) {
        this.useSettings = useSettings;
    }

    /** Where "Use settings" of a clip goes; by default its frames' recipe to {@link #setOnUseSettings}. */
    public void setOnUseClipSettings(Consumer<ClipRecipe> useClipSettings) {
        this.useClipSettings = useClipSettings;
    }

    public ObservableList<HistoryEntry> all() { return all; }
    public ObservableList<HistoryEntry> shown() { return shown; }
    public ObservableList<String> modelNames() { return modelNames; }
    public StringProperty textProperty() { return text; }
    public StringProperty modelProperty() { return model; }
    /** The style the table is filtered to ("" for all). */
    public StringProperty styleProperty() { return style; }
    /** The styles of the listed images, for the style filter. */
    public ObservableList<String> styleNames() { return styleNames; }
    public ObjectProperty<LocalDate> fromProperty() { return from; }
    public ObjectProperty<LocalDate> toProperty() { return to; }
    public StringProperty statusProperty() { return status; }
    /** The last replay's message and the image it is about; the page shows it only under that image. */
    public ReadOnlyObjectProperty<ReplayNote> replayNoteProperty() { return replayNote; }
    public BooleanProperty busyProperty() { return busy; }
    public BooleanProperty loadingProperty() { return loading; }
    /** Plays the selected clip. */
    public ClipPlayer player() { return player; }
}
