package dev.tessera.app.generate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place where renders run: one thread and one {@link ModelSession}. Everything that renders
 * (an interactive render, a replay, a queue job's image) is submitted here, so a model is loaded
 * once however many callers use it, and two renders never run side by side competing for the CPU.
 * Work runs in submission order; closing frees the model after the work already submitted.
 */
public final class RenderLane implements AutoCloseable {

    /** Told when each piece of work starts and ends, on the lane's thread. */
    public interface Observer {
        Observer NONE = new Observer() {
            @Override
            public void started(String what) {}

            @Override
            public void finished(String what) {}
        };

        void started(String what);

        void finished(String what);
    }

    /** Work that waits for its result: {@link #call}. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    private final ModelSession session = new ModelSession();
    private final Observer observer;
    private final AtomicInteger waitingOrRunning = new AtomicInteger();
    private volatile Thread thread;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread lane = new Thread(task, "tessera-render");
        lane.setDaemon(true); // a stuck render must not keep the JVM alive after the window closed
        thread = lane;
        return lane;
    });
    private volatile boolean closed;

    public RenderLane() {
        this(Observer.NONE);
    }

    public RenderLane(Observer observer) {
        this.observer = observer;
    }

    /** Runs {@code work} on the lane after the work submitted before it; {@code what} names it for the observer. */
    public void execute(String what, Runnable work) {
        submit(what, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} on the lane and waits for its result: for callers with a thread of their
     * own, such as the queue runner. Its exception is rethrown here.
     */
    public <T> T call(String what, Work<T> work) throws IOException {
        Future<T> result = submit(what, work::run);
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the render lane (" + what + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(what + " failed: " + cause, cause);
        }
    }

    private synchronized <T> Future<T> submit(String what, Callable<T> work) {
        if (closed) {
            throw new IllegalStateException("the render lane is closed; cannot start " + what);
        }
        waitingOrRunning.incrementAndGet();
        return executor.submit(() -> {
            observer.started(what);
            try {
                return work.call();
            } finally {
                waitingOrRunning.decrementAndGet();
                observer.finished(what);
            }
        });
    }

    /**
     * The loaded service for {@code modelFile}, loading it (and freeing the previous model) when a
     * different file is asked for. Only work running on the lane may use the model.
     */
    public GenerationService serviceFor(Path modelFile) throws IOException {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("the model is used only by work running on the render lane, not on "
                    + Thread.currentThread().getName());
        }
        return session.serviceFor(modelFile);
    }

    /** How many times a model was loaded, for checking that a model is not loaded twice. */
    public int loads() {
        return session.loads();
    }

    /** Whether work is running or waiting, so a new render can say it waits for the one under way. */
    public boolean busy() {
        return waitingOrRunning.get() > 0;
    }

    /**
     * Takes no more work and frees the model once the work already submitted has finished (cancel
     * it first: a cancelled render stops within a step); waits up to 10 seconds for that. Safe to
     * call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.execute(session::close); // on the lane, so the model is never freed under a running render
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
