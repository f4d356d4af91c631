package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.AppLocation;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.RenderQueue;
import dev.tessera.generation.engine.ChildJvm;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.ui.TesseraMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what `kill` sends; Ctrl-C's SIGINT takes the same path) to a child JVM running a long command.
 * The generate scenario, run 50 times under load by {@code scripts/stop-signal-soak.sh}, stopped cleanly
 * every time (docs/results/stop-signal.md).
 */
class StopSignalTest {

    @TempDir Path dir;

    @Test
    void aStopSignalEndsTrainingWithACheckpointOfTheLastStepAndNoCrash() throws Throwable {
        Path run = dir.resolve("run");
        Path config = longTrainingConfig(run);
        Path log = dir.resolve("child.log");
        Process child = start(log, "train", "--config", config.toString());
        terminateOnceReady(child, () -> {
            awaitChild(child, log, "5 steps", () -> stepsShownIn(read(log)) >= 5);
            assertTrue(Files.notExists(checkpointIn(run)), "periodic checkpoints are off");
        });

        String output = read(log);
        assertExitedCleanlyOnSigterm(child, output);
        Matcher stopped = Pattern.compile("stopped after (\\d+) steps").matcher(output);
        assertTrue(stopped.find(), output);
        long steps = Long.parseLong(stopped.group(1));
        assertTrue(steps >= 5, "stopped at step " + steps);
        // Periodic checkpoints are off: this one was written on the way out, at the step the run stopped.
        assertEquals(Long.toString(steps),
                SafetensorsReader.read(checkpointIn(run)).metadata().get("tessera.train.step"));
        assertTrue(output.contains("run the same command to resume"), output);
    }

    @Test
    void aStopSignalWhileTheCommandStartsEndsItWithoutAStackTrace() throws Throwable {
        Path log = dir.resolve("child.log");
        // One second after the JVM is up, it is loading the data or the prompt encoder, which refuses to
        // load once the shutdown has begun (ONNX Runtime's own shutdown hook releases its environment).
        // A signal before the JVM is up makes it fail to start (exit 1), which is not what this tests.
        Process child = start(log, "train", "--config", longTrainingConfig(dir.resolve("run")).toString());
        terminateOnceReady(child, () -> {
            awaitLoaded(child, log, TesseraMain.class.getName());
            Thread.sleep(1000);
        });

        String output = read(log);
        assertExitedCleanlyOnSigterm(child, output);
        assertFalse(output.contains("Exception in thread"), output);
        assertFalse(output.contains("Error while shutting down") || output.contains("Exception while shutting down"),
                output);
    }

    @Test
    void aStopSignalCancelsGenerationAndWritesNoImage() throws Throwable {
        Path out = dir.resolve("out");
        Path log = dir.resolve("child.log");
        // 64 images at 50 steps a block take minutes: the signal lands while the model loads or samples.
        Process child = start(log, "generate", "--prompt", "cat face", "-n", "64", "--steps", "50", "--out", out.toString());
        stopWhileSampling(child, log);
        assertTrue(Files.notExists(out) || isEmpty(out), "no image of the cancelled batch is written");
    }

    @Test
    void aStopSignalCancelsAnEvaluationAndWritesNoReport() throws Throwable {
        Path out = dir.resolve("eval");
        Path log = dir.resolve("child.log");
        // 500 images take over a minute: the signal lands while the model loads or samples.
        Process child = start(log, "eval", "model", "--model", AppLocation.root().resolve(GenerateCommand.DEFAULT_MODEL)
                .toString(), "--out", out.toString());
        stopWhileSampling(child, log);
        assertTrue(Files.notExists(out.resolve("report.md")), "no report of a stopped evaluation");
    }

    @Test
    void aStopSignalStopsABenchmarkBetweenSamplerSteps() throws Throwable {
        Path log = dir.resolve("child.log");
        // Batch 1 and 16 at 10, 25 and 50 steps a block take minutes: the signal lands while the model loads or samples.
        Process child = start(log, "bench", "throughput", "--model",
                AppLocation.root().resolve(GenerateCommand.DEFAULT_MODEL).toString());
        stopWhileSampling(child, log);
    }

    @Test
    void aStopSignalRequeuesTheRunningJobWithItsImagesAndClosesTheQueueCleanly() throws Throwable {
        Path queueDir = dir.resolve("queue");
        Path out = dir.resolve("out");
        assertEquals(0, TesseraCli.execute("queue", "--queue-dir", queueDir.toString(), "add", "--prompt", "cat face",
                "-n", "40", "--steps", "50", "--out", out.toString()));
        Path log = dir.resolve("child.log");
        Process child = start(log, "queue", "--queue-dir", queueDir.toString(), "run");
        terminateOnceReady(child, () -> awaitChild(child, log, "an image", () -> Files.isDirectory(out) && !isEmpty(out)));

        String output = read(log);
        assertExitedCleanlyOnSigterm(child, output);
        assertTrue(output.contains("stopped; the job under way is pending again"), output);
        try (RenderQueue queue = RenderQueue.open(queueDir)) {
            assertFalse(queue.openedAfterCrash(), "a signal is not a crash");
            Job job = queue.jobs().get(0);
            assertTrue(job.state() instanceof JobState.Pending, job.state().toString());
            assertTrue(job.outputs().size() >= 1 && job.outputs().size() < 40, job.outputs().toString());
            for (Path file : job.files()) {
                assertTrue(Files.size(file) > 0, file.toString());
            }
        }
    }

    /**
     * Sends SIGTERM 2 s after a long generation started PyTorch, which the command does after setting
     * up its stop hook (the model or the prompt encoder is loading, or sampling has begun, by then),
     * and checks the exit. The command cancels between sampler steps; a load under way finishes
     * first. A fixed delay from the start did not do: on a loaded machine the signal came before
     * the command had begun and the JVM exited without it.
     */
    private void stopWhileSampling(Process child, Path log) throws Throwable {
        terminateOnceReady(child, () -> {
            awaitLoaded(child, log, "ai.djl.pytorch.engine.PtEngine");
            Thread.sleep(2000);
            assertTrue(child.isAlive(), () -> "child ended early: " + read(log));
        });
        String output = read(log);
        assertExitedCleanlyOnSigterm(child, output);
        assertTrue(output.contains("stopped: Sampling cancelled") || output.contains("stopped by a signal"), output);
    }

    /** A tiny ACDiT run far too long to finish, without periodic checkpoints. */
    private Path longTrainingConfig(Path run) throws java.io.IOException {
        Path config = dir.resolve("long.json");
        Files.writeString(config, """
                {"model": "acdit", "output": "%s", "workDir": "%s",
                 "styles": ["google", "twitter"],
                 "acdit": {"imageSize": 32, "patchSize": 4, "blockSide": 4, "width": 32, "depth": 1, "heads": 2,
                           "mlpRatio": 2, "promptDim": 384, "ropeBase": 100.0},
                 "training": {"steps": 1000000, "batchSize": 4, "learningRate": 0.001, "minLearningRate": 0.0,
                              "warmupSteps": 0, "seed": 5,
                              "checkpointEverySteps": 0, "checkpointEveryMinutes": 0}}
                """.formatted(dir.resolve("model.safetensors"), run));
        return config;
    }

    private Process start(Path log, String... command) throws java.io.IOException {
        return ChildJvm.of(List.of("-Xlog:class+load=info:file=" + classLog()), TesseraMain.class, command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** The child JVM's list of the classes it loaded, in order: how far it has got (see {@link #awaitLoaded}). */
    private Path classLog() {
        return dir.resolve("classes.log");
    }

    /** Waits until the child has loaded {@code className}. */
    private void awaitLoaded(Process child, Path log, String className) throws Exception {
        awaitChild(child, log, className + " loaded", () -> read(classLog()).contains(className + " source:"));
    }

    /** Polls until {@code reached} holds; fails if the child ends first or 120 s pass. */
    private static void awaitChild(Process child, Path log, String what, Callable<Boolean> reached) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!reached.call()) {
            assertTrue(child.isAlive(), () -> "child ended early: " + read(log));
            assertTrue(System.nanoTime() < deadline, () -> "not " + what + " within 120 s: " + read(log));
            Thread.sleep(50);
        }
    }

    /** Waits for {@code ready} to pass, sends SIGTERM (Process.destroy on Unix) and waits for the exit; never leaves the child running. */
    private static void terminateOnceReady(Process child, Executable ready) throws Throwable {
        try {
            ready.execute();
            child.destroy();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit within 60 s of SIGTERM");
        } finally {
            child.destroyForcibly();
        }
    }

    /** Exit status 128 + SIGTERM, as after any orderly shutdown on that signal, and no JVM crash log. */
    private void assertExitedCleanlyOnSigterm(Process child, String output) throws java.io.IOException {
        assertEquals(143, child.exitValue(), output);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "JVM crash log written");
        }
    }

    private static boolean isEmpty(Path folder) throws java.io.IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }

    /** The largest step count the progress bar has printed so far. */
    private static long stepsShownIn(String output) {
        Matcher shown = Pattern.compile("(\\d+)/1000000 steps").matcher(output);
        long steps = 0;
        while (shown.find()) {
            steps = Math.max(steps, Long.parseLong(shown.group(1)));
        }
        return steps;
    }

    private static Path checkpointIn(Path run) {
        return run.resolve("checkpoint.safetensors");
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
