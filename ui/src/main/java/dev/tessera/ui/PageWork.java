package dev.tessera.ui;

import dev.tessera.generation.diffusion.CancellationToken;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The long work of a page that runs one thing at a time off the UI thread (the compression wizard, the ensemble
 * builder): whether it is busy, what runs with its progress, a cancel, and the page's message with its tone. Work runs
 * on {@code background} (the page's own thread) and reports through {@code uiThread}, so every property changes on
 * the UI thread. A cancelled run ends with "&lt;what&gt; was cancelled" and the page's own words for what it kept; a
 * failed one with its reason.
 */
public final class PageWork {

    /** How the message reads. */
    public enum Tone { INFO, SUCCESS, ERROR }

    /** Work that may take minutes; it checks {@code token} and throws {@link CancellationException} to stop. */
    @FunctionalInterface
    public interface Work {
        void run(CancellationToken token) throws Exception;
    }

    private final Executor background;
    private final Executor uiThread;
    private final String afterCancel;
    private CancellationToken running;

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper(this, "activity", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Tone> tone = new ReadOnlyObjectWrapper<>(this, "tone", Tone.INFO);

    /**
     * @param background  where work runs: one thread, used by nothing else
     * @param uiThread    where its outcome is applied ({@code Platform::runLater} in the app)
     * @param afterCancel what a cancelled run's message adds, e.g. ". Nothing saved was changed."
     */
    public PageWork(Executor background, Executor uiThread, String afterCancel) {
        this.background = background;
        this.uiThread = uiThread;
        this.afterCancel = afterCancel;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What runs now, e.g. "Distilling: step 40 of 180". */
    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    /** The running work's progress in [0, 1], or −1 while unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> toneProperty() {
        return tone.getReadOnlyProperty();
    }

    /** Starts {@code work} unless something runs (then says so); its failures are reported as "what failed: …". */
    public void start(String what, Work work) {
        start(what, work, () -> true);
    }

    /**
     * As {@link #start(String, Work)}; a failure after {@code current} turned false (the page moved on, e.g. another
     * model was chosen) is reported by its reason alone.
     */
    public void start(String what, Work work, BooleanSupplier current) {
        if (busy.get()) {
            say(activity.get() + " is under way; wait for it or cancel it.", Tone.ERROR);
            return;
        }
        CancellationToken token = new CancellationToken();
        running = token;
        busy.set(true);
        progress.set(-1);
        activity.set(what + "…");
        background.execute(() -> {
            try {
                work.run(token);
            } catch (CancellationException e) {
                ui(() -> finish(capitalised(e.getMessage() == null ? what + " was cancelled" : e.getMessage())
                        + afterCancel, Tone.ERROR));
            } catch (Exception | OutOfMemoryError e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                ui(() -> finish((current.getAsBoolean() ? what + " failed: " : "") + reason, Tone.ERROR));
            }
        });
    }

    /** Ends the running work (on the UI thread) with a message. */
    public void finish(String text, Tone how) {
        busy.set(false);
        running = null;
        progress.set(0);
        activity.set("");
        say(text, how);
    }

    /** Asks the running work to stop; it says so in the activity line. */
    public void cancel() {
        if (running != null) {
            running.cancel();
            activity.set(activity.get() + " — cancelling…");
        }
    }

    public void say(String text, Tone how) {
        message.set(text);
        tone.set(how);
    }

    /** Sets what runs now (on the UI thread). */
    public void activity(String text) {
        activity.set(text);
    }

    /** Sets the progress (on the UI thread), in [0, 1] or −1 for unknown. */
    public void progress(double value) {
        progress.set(value);
    }

    /** Runs {@code action} on the UI thread. */
    public void ui(Runnable action) {
        uiThread.execute(action);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
