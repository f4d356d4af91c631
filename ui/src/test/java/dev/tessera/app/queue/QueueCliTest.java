package dev.tessera.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.cli.TesseraCli;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tessera queue add / list / run` with a real (tiny, random) ACDiT model file. */
class QueueCliTest {

    @TempDir Path dir;

    private String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, TesseraCli.execute(args), () -> out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void addListRunWritesEveryImageOnce() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        String queue = dir.resolve("queue").toString();
        Path out = dir.resolve("out");
        run("queue", "--queue-dir", queue, "add", "--prompt", "cat face", "--style", "twitter", "--steps", "2",
                "-n", "2", "--model", model.toString(), "--out", out.toString(), "--sweep-seeds", "1,10");
        assertTrue(run("queue", "--queue-dir", queue, "list").contains("PENDING"));
        String ran = run("queue", "--queue-dir", queue, "run");
        assertTrue(ran.startsWith("finished 2 job(s), 4 image(s) in "), ran);
        String listed = run("queue", "--queue-dir", queue, "list");
        assertEquals(2, listed.split("DONE", -1).length - 1, listed);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("1-cat-face.png", "10-cat-face.png", "11-cat-face.png", "2-cat-face.png"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertTrue(!listed.contains("images in"), "images in the job's own folder need no line: " + listed);
    }

    @Test
    void listSaysWhereImagesWrittenElsewhereAre() throws Exception {
        Path folder = dir.resolve("queue");
        run("queue", "--queue-dir", folder.toString(), "add", "--prompt", "cat face", "--out", dir.resolve("out").toString());
        try (RenderQueue queue = RenderQueue.open(folder)) { // as a Spark run with --out hdfs://… journals them
            BatchRun batch = BatchRun.takePending(queue, job -> true);
            Job job = batch.jobs().get(0);
            batch.recordOutput(job.id(), new JobOutput(job.request().seed(), "hdfs://nn:8020/renders/1-cat-face.png"));
            batch.finish(job.id());
        }
        String listed = run("queue", "--queue-dir", folder.toString(), "list");
        assertTrue(listed.contains("DONE") && listed.contains("    images in hdfs://nn:8020/renders"), listed);
    }

    @Test
    void listReadsTheQueueWhileAnotherHolderHasItOpen() throws Exception {
        Path folder = dir.resolve("queue");
        run("queue", "--queue-dir", folder.toString(), "add", "--prompt", "cat face", "--out", dir.resolve("out").toString(),
                "--sweep-prompts", "cat face;rocket");
        try (RenderQueue held = RenderQueue.open(folder)) {
            held.pause();
            String listed = run("queue", "--queue-dir", folder.toString(), "list");
            assertTrue(listed.contains("the list as it was saved last") && listed.contains("queue: PAUSED"), listed);
            assertEquals(2, listed.split("PENDING", -1).length - 1, listed);
            assertTrue(listed.contains("\"rocket\""), listed);
            // Changing it is still refused while it is held.
            assertEquals(1, TesseraCli.execute("queue", "--queue-dir", folder.toString(), "pause"));
        }
    }

    @Test
    void aSweepNamesEachImageByTheValueThatMadeIt() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        String queue = dir.resolve("queue").toString();
        Path out = dir.resolve("out");
        run("queue", "--queue-dir", queue, "add", "--prompt", "fire", "--seed", "5", "--steps", "1", "--model",
                model.toString(), "--out", out.toString(), "--sweep", "cfg=1.5,4");
        run("queue", "--queue-dir", queue, "add", "--prompt", "fire", "--seed", "5", "--steps", "1", "--model",
                model.toString(), "--out", out.toString(), "--sweep", "sampler=ddim,dpm++2m");
        run("queue", "--queue-dir", queue, "run");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("5-fire-cfg1.5.png", "5-fire-cfg4.png", "5-fire-ddim.png", "5-fire-dpm-2m.png"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }
}
