package dev.tessera.ui.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobProgress;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.QueueSnapshot;
import dev.tessera.app.generate.GenerationRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pending jobs are priced by images × steps at the rate the running job shows. */
class QueueEstimatesTest {

    private static Job job(String id, JobState state, int steps, int count) {
        return new Job(id, new GenerationRequest("p", "google", 1, steps, 1.5, 0, null, count), Path.of("out"),
                Path.of("m.safetensors"), state, List.of(), Instant.EPOCH, null, null, false);
    }

    @Test
    void pricesPendingJobsFromTheRunningJobsRate() {
        Job running = job("a", JobState.RUNNING, 10, 2);
        Job pending = job("b", JobState.PENDING, 20, 3);
        Job done = job("c", JobState.DONE, 50, 9);
        // Half of 2 images × 10 steps left in 10 s: 1 s per image-step.
        JobProgress progress = new JobProgress("a", 0.5, Duration.ofSeconds(10), Optional.of(Duration.ofSeconds(10)));
        QueueSnapshot snapshot = new QueueSnapshot(List.of(running, pending, done), false, Optional.of(progress));
        QueueEstimates estimates = new QueueEstimates();
        assertEquals(Optional.empty(), estimates.remaining(pending, snapshot.progress()), "no rate measured yet");

        estimates.observe(snapshot);
        assertEquals(Optional.of(Duration.ofSeconds(10)), estimates.remaining(running, snapshot.progress()));
        assertEquals(Optional.of(Duration.ofSeconds(60)), estimates.remaining(pending, snapshot.progress()));
        assertEquals(Optional.empty(), estimates.remaining(done, snapshot.progress()));
        assertEquals(Optional.of(Duration.ofSeconds(70)), estimates.overall(snapshot));

        QueueSnapshot idle = new QueueSnapshot(List.of(pending), true, Optional.empty());
        estimates.observe(idle);
        assertEquals(Optional.of(Duration.ofSeconds(60)), estimates.overall(idle), "the last rate is kept while idle");
        assertEquals("0 of 3 images done · 1 job to go · about 1 min left · paused",
                OverallStatus.text(idle, estimates.overall(idle)));
    }
}
