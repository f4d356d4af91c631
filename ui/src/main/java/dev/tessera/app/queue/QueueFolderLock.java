package dev.tessera.app.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * An inter-process lock on a queue folder, so the studio and {@code tessera queue run} never both
 * rewrite the same {@code queue.json}. It is an OS file lock ({@link FileChannel#tryLock}), so the
 * kernel releases it when the holder dies, even by {@code kill -9}: a crash never leaves a stale lock.
 *
 * <p>The lock file holds the holder's pid, for the error message. The lock covers one byte far
 * past that text, so other processes can still read the pid on systems with mandatory locks.
 * The file is never deleted: deleting lock files races with a process that just opened it.
 */
final class QueueFolderLock implements AutoCloseable {

    static final String FILE_NAME = "queue.lock";
    private static final long LOCK_POSITION = Long.MAX_VALUE - 1;
    private static final int MAX_PID_BYTES = 32;
    /** The pid's text: padded with spaces to this many bytes, newline included. */
    private static final int PID_WIDTH = 21;
    private static final int PID_READ_ATTEMPTS = 40;

    private final FileChannel channel;
    private final FileLock lock;

    private QueueFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code folder} or says who holds it. */
    static QueueFolderLock acquire(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock(LOCK_POSITION, 1, false);
            } catch (OverlappingFileLockException e) {
                throw new QueueInUseException(folder, readPid(channel), true);
            }
            if (lock == null) {
                throw new QueueInUseException(folder, readPid(channel), false);
            }
            writePid(channel);
            return new QueueFolderLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Writes the pid padded to a fixed width in one write, without truncating first: a reader sees
     * the previous holder's pid or this one's, never an empty or half-replaced file.
     */
    private static void writePid(FileChannel channel) throws IOException {
        String padded = String.format(java.util.Locale.ROOT, "%-" + (PID_WIDTH - 1) + "d\n", ProcessHandle.current().pid());
        ByteBuffer text = ByteBuffer.wrap(padded.getBytes(StandardCharsets.US_ASCII));
        while (text.hasRemaining()) {
            channel.write(text, text.position());
        }
        channel.truncate(PID_WIDTH);
        channel.force(false);
    }

    /**
     * The holder's pid. A holder that has just created the file may not have written it yet: the
     * reader waits for it briefly, a few milliseconds at most, rather than report no pid.
     */
    private static OptionalLong readPid(FileChannel channel) {
        for (int attempt = 0; attempt < PID_READ_ATTEMPTS; attempt++) {
            OptionalLong pid = readPidOnce(channel);
            if (pid.isPresent()) {
                return pid;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong readPidOnce(FileChannel channel) {
        try {
            ByteBuffer text = ByteBuffer.allocate(MAX_PID_BYTES);
            channel.read(text, 0);
            String pid = new String(text.array(), 0, text.position(), StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(pid));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
