package dev.tessera.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunTest {

    @TempDir Path dir;

    private Job add(RenderQueue queue, String prompt, int count) {
        return queue.add(new GenerationRequest(prompt, "google", 1, 10, 1.5, 0.5, SamplerKind.DDIM, count),
                dir.resolve("out"), dir.resolve("model.safetensors"));
    }

    @Test
    void takesTheAcceptedPendingJobsAtOnceAndEndsEachByWhatItHas() throws Exception {
        try (RenderQueue queue = RenderQueue.open(dir.resolve("queue"))) {
            Job whole = add(queue, "whole", 2);
            Job half = add(queue, "half", 2);
            Job failing = add(queue, "failing", 1);
            Job skipped = add(queue, "skipped", 1);
            BatchRun batch = BatchRun.takePending(queue, job -> !job.request().prompt().equals("skipped"));

            assertEquals(List.of(whole.id(), half.id(), failing.id()), batch.jobs().stream().map(Job::id).toList());
            assertTrue(batch.jobs().stream().allMatch(j -> queue.find(j.id()).orElseThrow().state()
                    instanceof JobState.Running));
            assertEquals(JobState.PENDING, queue.find(skipped.id()).orElseThrow().state());

            batch.recordOutput(whole.id(), new JobOutput(1, dir.resolve("out/1-whole.png")));
            batch.recordOutput(whole.id(), new JobOutput(2, dir.resolve("out/2-whole.png")));
            batch.recordOutput(half.id(), new JobOutput(1, "hdfs://namenode:8020/renders/1-half.png"));
            batch.fail(failing.id(), "no readable model file");

            assertEquals(JobState.DONE, batch.finish(whole.id()));
            assertEquals(JobState.PENDING, batch.finish(half.id()));
            assertEquals(List.of(2L), queue.find(half.id()).orElseThrow().missingSeeds());
            assertTrue(batch.failed(failing.id()));
            assertEquals(JobState.failed("no readable model file"), queue.find(failing.id()).orElseThrow().state());
            assertThrows(IllegalArgumentException.class, () -> batch.finish(skipped.id()));
        }
        // Journaled: the next open sees the same states.
        try (RenderQueue reopened = RenderQueue.open(dir.resolve("queue"))) {
            assertEquals(List.of("DONE", "PENDING", "FAILED", "PENDING"),
                    reopened.jobs().stream().map(j -> j.state().name()).toList());
            assertEquals(List.of(dir.resolve("out/1-whole.png"), dir.resolve("out/2-whole.png")),
                    reopened.jobs().get(0).files());
            // An image a Spark run wrote to HDFS keeps its URI whole and is no local file.
            Job half = reopened.jobs().get(1);
            assertEquals(List.of(new JobOutput(1, "hdfs://namenode:8020/renders/1-half.png")), half.outputs());
            assertTrue(half.outputs().get(0).remote());
            assertEquals(List.of(), half.files());
            assertEquals(List.of(2L), half.missingSeeds());
        }
    }

    @Test
    void takesNothingFromAPausedQueue() throws Exception {
        try (RenderQueue queue = RenderQueue.open(dir.resolve("queue"))) {
            add(queue, "a", 1);
            queue.pause();
            assertEquals(List.of(), BatchRun.takePending(queue, job -> true).jobs());
        }
    }
}
