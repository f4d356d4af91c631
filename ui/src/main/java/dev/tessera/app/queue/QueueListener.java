package dev.tessera.app.queue;

/**
 * Hears about queue changes. Called on the thread that made the change (often the runner thread)
 * while the queue is locked, so implementations must be quick and must not wait for other threads;
 * a UI adapter hands the snapshot to its own thread.
 */
@FunctionalInterface
public interface QueueListener {
    void queueChanged(QueueSnapshot snapshot);
}
