package dev.tessera.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.engine.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes must never run or edit one queue folder at once. */
class QueueFolderLockTest {

    @TempDir Path dir;

    @Test
    void aSecondProcessIsToldWhoHoldsTheQueue() throws Exception {
        Path queueDir = dir.resolve("queue");
        Process child = ChildJvm.of(List.of("-Xmx64m"), QueueLockChild.class, queueDir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("opened", out.readLine(), "child opened the queue");

            QueueInUseException e = assertThrows(QueueInUseException.class, () -> RenderQueue.open(queueDir));
            assertEquals("the queue in " + queueDir + " is in use by another Tessera process (pid " + child.pid()
                    + "); close that studio window or wait for its 'queue run' to finish", e.getMessage());
            assertEquals(child.pid(), e.holderPid().orElseThrow());
            assertEquals("error: " + e.getMessage(), cliRunError(queueDir), "the CLI says the same, in one line");
            String journal = Files.readString(queueDir.resolve("queue.json"));
            assertTrue(journal.contains("\"cleanShutdown\" : false"), "the failed open did not touch the journal");
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }

        // kill -9 releases an OS lock: no stale lock file blocks the next open.
        try (RenderQueue queue = RenderQueue.open(queueDir)) {
            assertTrue(queue.isPaused(), "the killed holder counts as a crash");
        }
    }

    /** Runs {@code tessera queue run} and returns its error output; it must fail with exit code 1. */
    private static String cliRunError(Path queueDir) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, dev.tessera.app.cli.TesseraCli.execute("queue", "--queue-dir", queueDir.toString(), "run"));
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void theSameFolderCannotBeOpenedTwiceInOneProcessAndIsFreeAfterClose() throws Exception {
        Path queueDir = dir.resolve("queue");
        RenderQueue first = RenderQueue.open(queueDir);
        QueueInUseException e = assertThrows(QueueInUseException.class, () -> RenderQueue.open(queueDir));
        assertTrue(e.getMessage().startsWith("the queue in " + queueDir + " is already open in this Tessera process"),
                e.getMessage());
        first.add(GenerationRequest.of("still mine", "google", 1), dir.resolve("out"), dir.resolve("m.safetensors"));
        first.close();

        try (RenderQueue second = RenderQueue.open(queueDir)) {
            assertFalse(second.isPaused(), "a clean close is not a crash");
            assertEquals("still mine", second.jobs().get(0).request().prompt());
        }
    }

    @Test
    void aClosedQueueRefusesChangesInsteadOfWritingWithoutTheLock() throws Exception {
        RenderQueue queue = RenderQueue.open(dir.resolve("queue"));
        queue.close();
        assertThrows(IllegalStateException.class,
                () -> queue.add(GenerationRequest.of("late", "google", 1), dir.resolve("out"), dir.resolve("m.safetensors")));
    }
}
