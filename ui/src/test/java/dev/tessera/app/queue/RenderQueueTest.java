package dev.tessera.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderQueueTest {

    @TempDir Path dir;

    private Path queueDir() {
        return dir.resolve("queue");
    }

    private Path out() {
        return dir.resolve("out");
    }

    private static GenerationRequest request(String prompt, long seed, int count) {
        return new GenerationRequest(prompt, "google", seed, 10, 1.5, 0.5, SamplerKind.DDIM, count);
    }

    private Job add(RenderQueue queue, String prompt) {
        return queue.add(request(prompt, 1, 1), out(), dir.resolve("model.safetensors"));
    }

    private static List<String> prompts(RenderQueue queue) {
        return queue.jobs().stream().map(j -> j.request().prompt()).toList();
    }

    @Test
    void addsMovesDuplicatesInOrder() throws Exception {
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            Job a = add(queue, "a");
            Job b = add(queue, "b");
            Job c = add(queue, "c");
            queue.move(c.id(), 0);
            assertEquals(List.of("c", "a", "b"), prompts(queue));
            queue.moveDown(c.id());
            assertEquals(List.of("a", "c", "b"), prompts(queue));
            queue.moveUp(b.id());
            assertEquals(List.of("a", "b", "c"), prompts(queue));
            queue.moveUp(a.id()); // already first: stays
            assertEquals(List.of("a", "b", "c"), prompts(queue));
            Job copy = queue.duplicate(a.id());
            assertEquals(List.of("a", "a", "b", "c"), prompts(queue));
            assertFalse(copy.id().equals(a.id()));
            assertTrue(copy.state() instanceof JobState.Pending);
        }
    }

    @Test
    void editsOnlyPendingJobsAndCancelsPending() throws Exception {
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            Job a = add(queue, "a");
            queue.edit(a.id(), request("edited", 7, 2));
            assertEquals("edited", queue.find(a.id()).orElseThrow().request().prompt());
            queue.cancel(a.id());
            assertTrue(queue.find(a.id()).orElseThrow().state() instanceof JobState.Cancelled);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> queue.edit(a.id(), request("again", 1, 1)));
            assertTrue(e.getMessage().contains("CANCELLED"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> queue.cancel("no-such-id"));

            Job b = add(queue, "b");
            new QueueRunner(queue, new FakePngRenderer(0)).runUntilIdle();
            assertTrue(queue.find(b.id()).orElseThrow().state() instanceof JobState.Done);
            assertThrows(IllegalStateException.class, () -> queue.edit(b.id(), request("x", 1, 1)));
        }
    }

    @Test
    void aJobAStopPutsBackToPendingIsNotCountedAsFinished() throws Exception {
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            Job a = add(queue, "a");
            Job b = queue.add(request("b", 1, 3), out(), dir.resolve("model.safetensors"));
            FakePngRenderer fake = new FakePngRenderer(0);
            QueueRunner[] runner = new QueueRunner[1];
            // A stop (Ctrl-C) right after b's first image: b goes back to pending with that image.
            runner[0] = new QueueRunner(queue, (job, progress, token) -> {
                List<Path> files = fake.render(job, progress, token);
                if (job.request().prompt().equals("b")) {
                    runner[0].requestStop();
                }
                return files;
            });
            assertEquals(1, runner[0].runUntilIdle(), "only a finished");
            assertTrue(queue.find(a.id()).orElseThrow().state() instanceof JobState.Done);
            Job stopped = queue.find(b.id()).orElseThrow();
            assertTrue(stopped.state() instanceof JobState.Pending, stopped.state().name());
            assertEquals(1, stopped.outputs().size());
        }
    }

    @Test
    void pausedQueueRunsNothingAndResumeRunsAll() throws Exception {
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            add(queue, "a");
            add(queue, "b");
            queue.pause();
            QueueRunner runner = new QueueRunner(queue, new FakePngRenderer(0));
            assertEquals(0, runner.runUntilIdle());
            queue.resume();
            assertEquals(2, runner.runUntilIdle());
            try (Stream<Path> files = Files.list(out())) {
                assertEquals(2, files.count());
            }
        }
    }

    @Test
    void cancellingTheRunningJobStopsItAndPauseLetsItFinish() throws Exception {
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            Job slow = queue.add(request("slow", 1, 20), out(), dir.resolve("m"));
            Job next = add(queue, "next");
            CountDownLatch running = new CountDownLatch(1);
            List<QueueSnapshot> seen = new CopyOnWriteArrayList<>();
            queue.addListener(s -> {
                seen.add(s);
                if (s.progress().isPresent()) {
                    running.countDown();
                }
            });
            QueueRunner runner = new QueueRunner(queue, new FakePngRenderer(40));
            runner.start();
            assertTrue(running.await(10, TimeUnit.SECONDS));
            queue.pause();
            queue.cancel(slow.id());
            waitFor(() -> queue.find(slow.id()).orElseThrow().state() instanceof JobState.Cancelled);
            Thread.sleep(200);
            assertTrue(queue.find(next.id()).orElseThrow().state() instanceof JobState.Pending, "paused: no new job");
            queue.resume();
            waitFor(() -> queue.find(next.id()).orElseThrow().state() instanceof JobState.Done);
            runner.stop();
            assertTrue(seen.stream().anyMatch(s -> s.progress().flatMap(JobProgress::remaining).isPresent()),
                    "an ETA was reported");
        }
    }

    @Test
    void sweepMakesTheCartesianProduct() throws Exception {
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            List<Job> jobs = queue.addSweep(request("base", 0, 1), List.of("cat", "dog"), List.of(1L, 2L, 3L),
                    SweepSetting.fromName("cfg"), List.of("1", "2.5"), out(), dir.resolve("m"));
            assertEquals(12, jobs.size());
            assertEquals(12, jobs.stream().map(j -> j.request().prompt() + j.request().seed() + "/"
                    + j.request().guidance()).distinct().count());
            assertEquals(List.of(1.0, 2.5), jobs.subList(0, 2).stream().map(j -> j.request().guidance()).toList());
            List<Job> samplers = queue.addSweep(request("base", 0, 1), List.of(), List.of(),
                    SweepSetting.SAMPLER, List.of("ddim", "euler"), out(), dir.resolve("m"));
            assertEquals(List.of(SamplerKind.DDIM, SamplerKind.EULER),
                    samplers.stream().map(j -> j.request().sampler()).toList());
            assertTrue(samplers.stream().allMatch(j -> j.request().styleStrength() == 0.5), "the base's style strength");
            List<Job> strengths = queue.addSweep(request("base", 0, 1), List.of(), List.of(),
                    SweepSetting.fromName("style-strength"), List.of("0", "2"), out(), dir.resolve("m"));
            assertEquals(List.of(0.0, 2.0), strengths.stream().map(j -> j.request().styleStrength()).toList());
            assertTrue(strengths.stream().allMatch(j -> j.request().guidance() == 1.5), "the base's guidance");
            int before = queue.jobs().size();
            assertThrows(IllegalArgumentException.class, () -> queue.addSweep(request("b", 0, 1), List.of(),
                    List.of(), SweepSetting.STEPS, List.of("10", "0"), out(), dir.resolve("m")));
            assertEquals(before, queue.jobs().size(), "an invalid sweep adds nothing");
        }
    }

    @Test
    void survivesARestart() throws Exception {
        Job a;
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            a = add(queue, "a");
            add(queue, "b");
            queue.cancel(a.id());
            new QueueRunner(queue, new FakePngRenderer(0)).runUntilIdle();
            queue.pause();
        }
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            assertTrue(queue.openingProblem().isEmpty());
            assertTrue(queue.isPaused());
            List<Job> jobs = queue.jobs();
            assertEquals(List.of("a", "b"), prompts(queue));
            assertEquals(a.id(), jobs.get(0).id());
            assertTrue(jobs.get(0).state() instanceof JobState.Cancelled);
            assertTrue(jobs.get(1).state() instanceof JobState.Done);
            assertEquals(1, jobs.get(1).files().size());
            assertTrue(Files.exists(jobs.get(1).files().get(0)));
            assertFalse(jobs.get(1).interrupted());
            assertEquals(SamplerKind.DDIM, jobs.get(1).request().sampler());
            assertEquals(0.5, jobs.get(1).request().styleStrength());
        }
    }

    @Test
    void aVersionOneQueueOpensWithStyleStrengthOff() throws Exception {
        Files.createDirectories(queueDir());
        Files.writeString(queueDir().resolve("queue.json"), """
                {"version": 1, "paused": true, "cleanShutdown": true, "jobs": [{"id": "j1", "prompt": "cat", "style": "google",
                 "seed": 3, "steps": 10, "guidance": 1.5, "sampler": "ddim", "count": 2, "outputFolder": "/tmp/out",
                 "modelFile": "/tmp/m.safetensors", "state": "PENDING", "outputs": [], "created": "2026-11-20T10:00:00Z",
                 "interrupted": false}]}
                """);
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            assertTrue(queue.openingProblem().isEmpty(), queue.openingProblem().orElse(""));
            GenerationRequest r = queue.jobs().get(0).request();
            assertEquals(0.0, r.styleStrength());
            assertEquals(1.5, r.guidance());
            assertEquals(2, r.count());
        }
    }

    @Test
    void corruptFileIsMovedAsideAndReported() throws Exception {
        Files.createDirectories(queueDir());
        Files.writeString(queueDir().resolve("queue.json"), "{\"version\":1,\"jobs\":[{\"id\":");
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            String problem = queue.openingProblem().orElseThrow();
            assertTrue(problem.contains("queue.json"), problem);
            assertTrue(queue.isPaused());
            assertTrue(queue.jobs().isEmpty());
            try (Stream<Path> files = Files.list(queueDir())) {
                Path aside = files.filter(f -> f.getFileName().toString().startsWith("queue.json.corrupt-"))
                        .findFirst().orElseThrow();
                assertTrue(problem.contains(aside.toString()), problem);
                assertTrue(Files.readString(aside).startsWith("{\"version\":1"), "kept as it was");
            }
            add(queue, "works again");
        }
        try (RenderQueue queue = RenderQueue.open(queueDir())) {
            assertEquals(1, queue.jobs().size());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(10);
        }
    }
}
