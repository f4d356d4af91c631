package dev.tessera.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.engine.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a child JVM (kill -9) in the middle of a multi-image job and checks what survives. */
class RenderQueueCrashTest {

    private static final int IMAGES = 5;

    @TempDir Path dir;

    @Test
    void killedRunComesBackPausedAndResumesWithoutDuplicates() throws Exception {
        Path queueDir = dir.resolve("queue");
        Path out = dir.resolve("out");
        String jobId;
        try (RenderQueue queue = RenderQueue.open(queueDir)) {
            jobId = queue.add(new GenerationRequest("crash", "google", 100, 10, 1.5, 0, SamplerKind.DDIM, IMAGES),
                    out, dir.resolve("model.safetensors")).id();
        }

        Process child = ChildJvm.of(List.of("-Xmx64m"), QueueCrashChild.class, queueDir.toString(), "300")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (pngs(out).isEmpty()) {
                assertTrue(child.isAlive(), () -> "child ended early: " + log());
                assertTrue(System.nanoTime() < deadline, () -> "no image within 15 s: " + log());
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }

        try (RenderQueue queue = RenderQueue.open(queueDir)) {
            assertTrue(queue.isPaused(), "an unclean exit leaves the queue paused");
            Job job = queue.find(jobId).orElseThrow();
            assertTrue(job.interrupted());
            assertTrue(job.state() instanceof JobState.Pending, job.state().toString());
            assertTrue(job.outputs().size() < IMAGES);
            assertAllReadable(pngs(out));

            queue.resume();
            new QueueRunner(queue, new FakePngRenderer(0)).runUntilIdle();
            job = queue.find(jobId).orElseThrow();
            assertTrue(job.state() instanceof JobState.Done, job.state().toString());
            assertEquals(List.of(100L, 101L, 102L, 103L, 104L),
                    job.outputs().stream().map(JobOutput::seed).sorted().toList());
            List<Path> files = pngs(out);
            assertEquals(IMAGES, files.size(), "exactly one file per seed: " + files);
            assertEquals(files.stream().sorted().toList(), job.files().stream().sorted().toList());
            assertAllReadable(files);
        }
    }

    /** Finished outputs only: AtomicFiles temp files start with a dot and end in .tmp. */
    private static List<Path> pngs(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList();
        }
    }

    private static void assertAllReadable(List<Path> files) throws Exception {
        for (Path file : files) {
            assertNotNull(ImageIO.read(file.toFile()), "complete PNG: " + file);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
