package dev.tessera.distributed;

import dev.tessera.generation.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder on a disk every executor mounts at the same path: the desktop's own files, written by {@link AtomicFiles}
 * (temp file {@code .<name>.*.tmp}, fsync, claimed by a hard link that fails when the name exists).
 */
record LocalImageFolder(Path folder) implements ImageFolder {

    @Override
    public void create() throws IOException {
        Files.createDirectories(folder);
    }

    @Override
    public String location(String name) {
        return folder.resolve(name).toAbsolutePath().toString();
    }

    @Override
    public byte[] read(String name) throws IOException {
        try {
            return Files.readAllBytes(folder.resolve(name));
        } catch (NoSuchFileException absent) {
            return null;
        }
    }

    @Override
    public void claim(String name, byte[] bytes) throws IOException {
        AtomicFiles.writeNew(folder.resolve(name), out -> out.write(bytes));
    }

    @Override
    public int removeTemps(Set<Pattern> patterns) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (patterns.stream().anyMatch(p -> p.matcher(name).matches())) {
                    removed += Files.deleteIfExists(f) ? 1 : 0;
                }
            }
        }
        return removed;
    }
}
