package dev.tessera.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The studio's thread for file work (listing the history, saving settings, importing a model), so
 * nothing slow runs on the FX thread, and the threads of the compression wizard and the ensemble builder. Renders are not here: they all run on the one
 * {@link dev.tessera.app.generate.RenderLane}, so the model is loaded once and renders never
 * compete for the CPU, and file work is not stuck behind a long render.
 */
public final class BackgroundWork implements AutoCloseable {

    private final ExecutorService files = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "tessera-files");
        thread.setDaemon(true); // stuck file work must not keep the JVM alive after the window closed
        return thread;
    });

    private final ExecutorService compression = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "tessera-compress");
        thread.setDaemon(true);
        return thread;
    });

    private final ExecutorService ensembles = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "tessera-ensembles");
        thread.setDaemon(true);
        return thread;
    });

    public ExecutorService files() {
        return files;
    }

    /**
     * The compression wizard's thread: its steps run minutes, so they have their own thread rather than
     * hold the render lane (renders go on beside them, sharing the cores).
     */
    public ExecutorService compression() {
        return compression;
    }

    /** The ensemble builder's thread: aggregator training runs minutes, like the compression wizard's steps. */
    public ExecutorService ensembles() {
        return ensembles;
    }

    /** Stops accepting work and waits briefly for running work. */
    @Override
    public void close() {
        files.shutdown();
        compression.shutdown();
        ensembles.shutdown();
        try {
            files.awaitTermination(10, TimeUnit.SECONDS);
            compression.awaitTermination(10, TimeUnit.SECONDS);
            ensembles.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
