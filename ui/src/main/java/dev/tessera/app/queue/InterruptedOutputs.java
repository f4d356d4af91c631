package dev.tessera.app.queue;

import dev.tessera.app.video.ClipFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds an image an interrupted job finished but did not get to journal: the process can die
 * between the atomic rename of a PNG (a GIF for a clip job) and the journal write. Such a file is named
 * {@code <seed>-*.png} (or {@code .gif}),
 * was modified after the job started, and no job in the queue claims it. Adopting it instead of
 * rendering again is what keeps a crash from duplicating outputs.
 */
final class InterruptedOutputs {

    private InterruptedOutputs() {}

    static Optional<Path> find(Job job, long seed, Collection<Path> claimed) throws IOException {
        if (job.started() == null || !Files.isDirectory(job.outputFolder())) {
            return Optional.empty();
        }
        // Some file systems keep whole seconds only.
        Instant since = job.started().truncatedTo(ChronoUnit.SECONDS);
        Set<Path> taken = Set.copyOf(claimed.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        String prefix = seed + "-";
        String extension = job.clip() == null ? ".png" : ClipFormat.GIF.extension();
        try (Stream<Path> files = Files.list(job.outputFolder())) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(extension) && Files.isRegularFile(f)
                        && !taken.contains(f.toAbsolutePath().normalize()) && modifiedSince(f, since);
            }).min(Comparator.comparing(Path::toString));
        }
    }

    private static boolean modifiedSince(Path file, Instant since) {
        try {
            return !Files.getLastModifiedTime(file).toInstant().isBefore(since);
        } catch (IOException e) {
            return false;
        }
    }
}
