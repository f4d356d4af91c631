package dev.tessera.app.queue;

import java.nio.file.Path;
import java.util.Objects;

/** One finished image of a job: the seed it was rendered with and the complete PNG on disk. */
public record JobOutput(long seed, Path file) {
    public JobOutput {
        Objects.requireNonNull(file, "file");
    }
}
