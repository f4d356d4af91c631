package dev.tessera.app.queue;

import java.io.IOException;
import java.nio.file.Path;

/** The queue file exists but cannot be understood (truncated, edited by hand, foreign). */
public final class CorruptQueueException extends IOException {

    private final Path file;

    public CorruptQueueException(Path file, Throwable cause) {
        super("The queue file " + file + " cannot be read: " + cause.getMessage(), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
