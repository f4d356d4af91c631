package dev.tessera.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The studio's worker threads, so nothing slow runs on the FX thread. Renders share one thread: the
 * model is loaded once and renders never compete for the CPU. File work (listing the history,
 * saving settings) has its own thread so it is not stuck behind a long render.
 */
public final class BackgroundWork implements AutoCloseable {

    private final ExecutorService renders = Executors.newSingleThreadExecutor(named("tessera-render"));
    private final ExecutorService files = Executors.newSingleThreadExecutor(named("tessera-files"));

    public ExecutorService renders() {
        return renders;
    }

    public ExecutorService files() {
        return files;
    }

    /** Stops accepting work and waits briefly for running work (a cancelled render stops within a step). */
    @Override
    public void close() {
        renders.shutdown();
        files.shutdown();
        try {
            renders.awaitTermination(10, TimeUnit.SECONDS);
            files.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true); // a stuck render must not keep the JVM alive after the window closed
            return thread;
        };
    }
}
