package dev.tessera.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import dev.tessera.app.generate.GenerationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash or a second process leaves the queue to cope with. */
class QueueReliabilityTest {

    @TempDir Path dir;

    @Test
    void aJournalTempFileLeftByACrashIsRemovedWhenTheQueueOpens() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("queue"));
        Path leftover = Files.writeString(folder.resolve(".queue.json.8127364.tmp"), "{\"half\": ");
        Path unrelated = Files.writeString(folder.resolve(".other.json.1.tmp"), "kept");
        RenderQueue.open(folder).close();
        assertFalse(Files.exists(leftover), "the crash's temp file is still there");
        assertTrue(Files.exists(unrelated), "a file that is not the journal's temp was removed");
    }

    @Test
    void listingWorksWhileAnotherHolderRunsTheQueue() throws Exception {
        Path folder = dir.resolve("queue");
        try (RenderQueue held = RenderQueue.open(folder)) {
            Job job = held.add(GenerationRequest.of("cat face", "google", 3), dir.resolve("out"), dir.resolve("m.safetensors"));
            CliRun run = CliRun.of("queue", "--queue-dir", folder.toString(), "list");
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().contains(job.id()) && run.out().contains("\"cat face\""), run.out());
            assertTrue(run.out().contains("open in process " + ProcessHandle.current().pid()), run.out());
        }
    }

    @Test
    void changingCommandsAreStillRefusedWhileTheQueueIsHeldNamingTheHolder() throws Exception {
        Path folder = dir.resolve("queue");
        try (RenderQueue held = RenderQueue.open(folder)) {
            CliRun run = CliRun.of("queue", "--queue-dir", folder.toString(), "pause");
            assertEquals(1, run.exit(), run.err());
            assertTrue(run.err().contains("pid " + ProcessHandle.current().pid()), run.err());
        }
    }
}
