package dev.tessera.generation.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.List;

/**
 * Replaces a file so that readers and crashes only ever see the old or the complete new content:
 * the bytes go to a temp file in the same folder, are forced to disk, the temp file is renamed
 * over the target and the folder is synced. On any failure the temp file is deleted and the
 * target is untouched. Every file Tessera writes goes through here.
 */
public final class AtomicFiles {

    /** Produces the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, Content content) throws IOException {
        replace(target, streamed(content));
    }

    /** Writes {@code content} through a buffer into the channel and forces it to disk. */
    private static ChannelWriter streamed(Content content) {
        return channel -> {
            try (OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(new NonClosingOutputStream(out));
                out.flush();
                channel.force(true);
            }
        };
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes the chunks in order (each from its position to its limit; the buffers are not changed). */
    public static void write(Path target, List<ByteBuffer> chunks) throws IOException {
        replace(target, channel -> {
            for (ByteBuffer chunk : chunks) {
                ByteBuffer view = chunk.duplicate();
                while (view.hasRemaining()) {
                    channel.write(view);
                }
            }
            channel.force(true);
        });
    }

    private interface ChannelWriter {
        void writeTo(FileChannel channel) throws IOException;
    }

    private static void replace(Path target, ChannelWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = writeTemp(absolute, writer);
        boolean moved = false;
        try {
            move(temp, absolute);
            moved = true;
            syncFolder(absolute.getParent());
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Writes a new file under the first of {@code candidates} that does not exist, and returns it.
     * The name is claimed atomically: the complete, synced content is hard-linked to the name, which
     * fails when the name exists, so two processes writing at once never replace each other's file
     * (where links are not supported, an exclusive create copies it instead). An existing file is
     * never overwritten.
     *
     * @throws FileAlreadyExistsException when every candidate exists
     */
    public static Path writeNew(Iterable<Path> candidates, Content content) throws IOException {
        Iterator<Path> names = candidates.iterator();
        if (!names.hasNext()) {
            throw new IllegalArgumentException("no file name to write to");
        }
        Path first = names.next().toAbsolutePath();
        Path temp = writeTemp(first, streamed(content));
        try {
            for (Path name = first; ; name = names.next().toAbsolutePath()) {
                if (claim(temp, name)) {
                    syncFolder(name.getParent());
                    return name;
                }
                if (!names.hasNext()) {
                    throw new FileAlreadyExistsException(name.toString(), null, "every candidate name exists");
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes a new file at {@code target}; {@link FileAlreadyExistsException} if it exists. */
    public static void writeNew(Path target, Content content) throws IOException {
        writeNew(List.of(target), content);
    }

    /** Links {@code temp} to {@code name}; false when the name exists. */
    private static boolean claim(Path temp, Path name) throws IOException {
        try {
            Files.createLink(name, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            try {
                Files.copy(temp, name); // no REPLACE_EXISTING: an exclusive create
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
    }

    /** The content in a synced, world-readable temp file in {@code target}'s folder. */
    private static Path writeTemp(Path target, ChannelWriter writer) throws IOException {
        Path folder = target.getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        boolean written = false;
        try {
            makeWorldReadable(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.writeTo(channel);
            }
            written = true;
            return temp;
        } finally {
            if (!written) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Temp files are created owner-only; the finished file should read like any other the user writes. */
    private static void makeWorldReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Makes the rename durable; some platforms cannot open folders, which only costs durability. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the data itself is already on disk.
        }
    }

    /** Lets content writers close their own wrapping streams (e.g. gzip) before we fsync. */
    private static final class NonClosingOutputStream extends FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
