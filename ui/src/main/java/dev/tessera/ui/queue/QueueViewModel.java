package dev.tessera.ui.queue;

import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.queue.GenerationServiceRenderer;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobRenderer;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.QueueRunner;
import dev.tessera.app.queue.QueueSnapshot;
import dev.tessera.app.queue.RenderQueue;
import dev.tessera.app.generate.GenerationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import dev.tessera.app.video.ClipSettings;

/**
 * The queue as the view sees it: observable rows and totals, and the user's actions.
 *
 * <p>Threads: the {@link QueueRunner} renders on its own background thread. Queue events arrive on
 * whichever thread changed the queue; they are coalesced (only the newest snapshot matters) and
 * handed to {@code uiThread} ({@link Platform#runLater} in the app), so every property here
 * changes on the FX thread only. Actions are quick journal writes; they must be called on the UI
 * thread and their effect is visible when they return.
 */
public final class QueueViewModel implements AutoCloseable {

    private final RenderQueue queue;
    private final QueueRunner runner;
    private final Executor uiThread;
    private final QueueEstimates estimates = new QueueEstimates();
    private final AtomicReference<QueueSnapshot> pending = new AtomicReference<>();
    private final ObservableList<JobRow> rows = FXCollections.observableArrayList();
    private final ObservableList<JobRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final Map<String, JobRow> rowsById = new HashMap<>();
    private final SimpleBooleanProperty paused = new SimpleBooleanProperty(this, "paused");
    private final SimpleDoubleProperty overallProgress = new SimpleDoubleProperty(this, "overallProgress");
    private final SimpleStringProperty overallStatus = new SimpleStringProperty(this, "overallStatus", "");
    private final SimpleStringProperty recoveryBanner = new SimpleStringProperty(this, "recoveryBanner", "");
    private final SimpleStringProperty message = new SimpleStringProperty(this, "message", "");
    private boolean started;
    private boolean closed;

    /**
     * @param renderer  renders jobs, called from the runner thread
     * @param uiThread  where property changes happen ({@code Platform::runLater} in the app, a direct
     *                  executor in tests)
     */
    public QueueViewModel(RenderQueue queue, JobRenderer renderer, Executor uiThread) {
        this.queue = queue;
        this.runner = new QueueRunner(queue, renderer);
        this.uiThread = uiThread;
        recoveryBanner.set(RecoveryBanner.text(queue));
        queue.addListener(this::queueChanged); // before the first snapshot, so no change falls in between
        apply(queue.snapshot());
    }

    /**
     * The studio's queue: the folder's queue, rendered with the real models on the studio's render
     * lane (so a job waits for an interactive render instead of running beside it), events on the FX thread.
     */
    public static QueueViewModel open(Path queueFolder, RenderLane lane) throws IOException {
        return new QueueViewModel(RenderQueue.open(queueFolder), new GenerationServiceRenderer(lane), Platform::runLater);
    }

    /** Starts rendering in the background; jobs run whenever the queue is not paused. */
    public synchronized void start() {
        if (!started && !closed) {
            started = true;
            runner.start();
        }
    }

    // ---- what the view shows ----

    public ObservableList<JobRow> rows() {
        return readOnlyRows;
    }

    /** Writable only inside this class; the view needs the modifiable list for drag and drop. */
    ObservableList<JobRow> rowsForTable() {
        return rows;
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused;
    }

    public ReadOnlyDoubleProperty overallProgressProperty() {
        return overallProgress;
    }

    public ReadOnlyStringProperty overallStatusProperty() {
        return overallStatus;
    }

    /** Non-empty after an unclean exit: what happened and which job was interrupted. */
    public ReadOnlyStringProperty recoveryBannerProperty() {
        return recoveryBanner;
    }

    /** The outcome of the last action when it needs saying (a refusal or an error); "" otherwise. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public Optional<JobRow> row(String id) {
        return Optional.ofNullable(rowsById.get(id));
    }

    // ---- actions ----

    /** Queues one job; for the Generate view's "Add to queue". */
    public Optional<Job> add(GenerationRequest request, Path outputFolder, Path modelFile) {
        return add(request, null, outputFolder, modelFile);
    }

    /** Queues one job of clips ({@code clip} not null) or images; for the Generate view's "Add to queue". */
    public Optional<Job> add(GenerationRequest request, ClipSettings clip, Path outputFolder,
            Path modelFile) {
        return attempt(() -> queue.add(request, clip, outputFolder, modelFile));
    }

    public List<Job> addSweep(SweepForm.Plan plan) {
        return attempt(() -> queue.addSweep(plan.base(), plan.prompts(), plan.seeds(), plan.setting(), plan.values(),
                plan.outputFolder(), plan.model())).orElse(List.of());
    }

    public void pause() {
        attempt(() -> {
            queue.pause();
            return true;
        });
    }

    public void resume() {
        attempt(() -> {
            queue.resume();
            recoveryBanner.set("");
            return true;
        });
    }

    /** Shows a message from the view (e.g. why an action is not possible). */
    void say(String text) {
        message.set(text);
    }

    public void dismissBanner() {
        recoveryBanner.set("");
    }

    public void cancel(String id) {
        attempt(() -> {
            queue.cancel(id);
            return true;
        });
    }

    public Optional<Job> duplicate(String id) {
        return attempt(() -> queue.duplicate(id));
    }

    public void remove(String id) {
        attempt(() -> {
            queue.remove(id);
            return true;
        });
    }

    public void move(String id, int index) {
        attempt(() -> {
            queue.move(id, index);
            return true;
        });
    }

    public void moveUp(String id) {
        attempt(() -> {
            queue.moveUp(id);
            return true;
        });
    }

    public void moveDown(String id) {
        attempt(() -> {
            queue.moveDown(id);
            return true;
        });
    }

    /** Why the job cannot be edited now, or empty when it can (it is pending). */
    public Optional<String> editRefusal(String id) {
        Optional<Job> job = queue.find(id);
        if (job.isEmpty()) {
            return Optional.of("That job is no longer in the queue.");
        }
        if (job.get().state() instanceof JobState.Pending) {
            return Optional.empty();
        }
        String label = JobText.label(positionOf(id), job.get());
        String now = JobText.state(job.get()).toLowerCase(java.util.Locale.ROOT);
        return Optional.of("Only pending jobs can be edited: " + label + " is " + now
                + ". Duplicate it to change a copy.");
    }

    /** Replaces a pending job's request; a job that started meanwhile is refused with a message. */
    public boolean edit(String id, GenerationRequest request) {
        Optional<String> refusal = editRefusal(id);
        if (refusal.isPresent()) {
            message.set(refusal.get());
            return false;
        }
        return attempt(() -> queue.edit(id, request)).isPresent();
    }

    /** Stops the runner (a running job goes back to pending) and closes the queue cleanly; the model belongs to the lane. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (started) {
                runner.stop();
            } else {
                queue.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.close();
        }
    }

    // ---- internals ----

    /** Runs an action; a refusal or failure becomes the message instead of an exception in the UI. */
    private <T> Optional<T> attempt(Supplier<T> action) {
        try {
            T result = action.get();
            message.set("");
            applyPendingNow();
            return Optional.ofNullable(result);
        } catch (IllegalArgumentException | IllegalStateException e) {
            message.set(capitalised(e.getMessage()));
        } catch (UncheckedIOException e) {
            message.set("Could not save the queue: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String capitalised(String text) {
        return text == null || text.isEmpty() ? "That did not work." : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private int positionOf(String id) {
        JobRow row = rowsById.get(id);
        return row == null ? 0 : row.positionProperty().get();
    }

    /** Called on the changing thread with the queue locked: hand over, never wait. */
    private void queueChanged(QueueSnapshot snapshot) {
        if (pending.getAndSet(snapshot) == null) {
            uiThread.execute(() -> {
                QueueSnapshot newest = pending.getAndSet(null);
                if (newest != null) {
                    apply(newest);
                }
            });
        }
    }

    /**
     * Actions run on the UI thread: show their effect at once instead of after the queued hand-over,
     * so the view can, say, select the job a duplicate just created.
     */
    private void applyPendingNow() {
        QueueSnapshot newest = pending.getAndSet(null);
        if (newest != null) {
            apply(newest);
        }
    }

    private void apply(QueueSnapshot snapshot) {
        estimates.observe(snapshot);
        List<JobRow> order = new ArrayList<>(snapshot.jobs().size());
        Map<String, JobRow> still = new HashMap<>();
        int position = 1;
        for (Job job : snapshot.jobs()) {
            JobRow row = rowsById.computeIfAbsent(job.id(), JobRow::new);
            row.update(job, position++, progressOf(job, snapshot), estimates.remaining(job, snapshot.progress())
                    .map(JobText::duration).orElse(""));
            order.add(row);
            still.put(job.id(), row);
        }
        rowsById.keySet().retainAll(still.keySet());
        if (!order.equals(rows)) {
            rows.setAll(order);
        }
        paused.set(snapshot.paused());
        overallProgress.set(snapshot.overallFraction());
        overallStatus.set(OverallStatus.text(snapshot, estimates.overall(snapshot)));
    }

    private static double progressOf(Job job, QueueSnapshot snapshot) {
        if (job.state() instanceof JobState.Done) {
            return 1;
        }
        if (job.state() instanceof JobState.Running && snapshot.progress().isPresent()
                && snapshot.progress().get().jobId().equals(job.id())) {
            return snapshot.progress().get().fraction();
        }
        return job.outputs().size() / (double) job.request().count();
    }
}
