package dev.tessera.app.queue;

/** How a {@link JobRenderer} reports progress of the request it is rendering. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = fraction -> {};

    /** @param fraction 0..1 of the request handed to the renderer */
    void progress(double fraction);
}
