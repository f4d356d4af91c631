package dev.tessera.app.queue;

import dev.tessera.generation.diffusion.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a job's request into its output folder. The runner hands it one seed at a time
 * (count 1), so every finished image is journaled before the next starts.
 *
 * <p>Contract: files are written atomically, never overwrite, and are named {@code <seed>-...png}
 * so an image finished just before a crash can be recognised; cancellation throws
 * {@link dev.tessera.generation.diffusion.SamplingCancelledException} or returns early.
 */
@FunctionalInterface
public interface JobRenderer {
    List<Path> render(Job job, ProgressListener progress, CancellationToken cancellation) throws IOException;
}
