package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobProgress;
import dev.tessera.app.queue.QueueSnapshot;
import dev.tessera.generation.acdit.sampling.BlockListener.BlockStep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The bars generate and queue run draw, caught from the library's renderer instead of a terminal. */
class CliProgressTest {

    private final List<String> drawn = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream summary = new ByteArrayOutputStream();
    private final CliProgress progress = new CliProgress(true, () -> new DelegatingProgressBarConsumer(drawn::add, 100),
            new PrintStream(summary, true, StandardCharsets.UTF_8));

    @Test
    void aJobBarCountsEveryStepOfEveryBlockAndEndsFull() {
        try (CliProgress.JobBar bar = progress.job("cat face, 2 images")) {
            for (int block = 0; block < 4; block++) {
                for (int step = 0; step < 3; step++) {
                    bar.onStep(new BlockStep(block, 4, step, 3, 0.5, List.of()));
                }
            }
        }
        String last = drawn.get(drawn.size() - 1);
        assertTrue(last.startsWith("cat face, 2 images 100%") && last.contains("12/12 steps"), last);
    }

    @Test
    void queueBarsFollowTheRunningJobAndCloseWhenItEnds() {
        Job first = Job.pending(new GenerationRequest("cat face", "google", 1, 3, 4, 1, null, 2), Path.of("out"),
                Path.of("m.safetensors"), Instant.EPOCH);
        Job second = Job.pending(GenerationRequest.of("rocket", "google", 1), Path.of("out"), Path.of("m.safetensors"),
                Instant.EPOCH);
        try (CliProgress.QueueBars bars = progress.queue(2)) {
            bars.queueChanged(snapshot(List.of(first, second), first, 0.5));
            bars.queueChanged(snapshot(List.of(first, second), first, 1));
            bars.queueChanged(new QueueSnapshot(List.of(first, second), false, Optional.empty()));
            String firstDone = drawn.get(drawn.size() - 1);
            assertTrue(firstDone.startsWith("job 1/2 cat face, 2 images 100%"), firstDone);
            bars.queueChanged(snapshot(List.of(first, second), second, 0.25));
        }
        String last = drawn.get(drawn.size() - 1);
        assertTrue(last.startsWith("job 2/2 rocket  25%"), last);
    }

    @Test
    void theSummarySaysHowLongLoadingAndEachImageTook() {
        progress.summary(CliProgress.generated(4, Duration.ofSeconds(3), Duration.ofMillis(9200)));
        assertEquals("generated 4 images in 12 s (loading 3 s, then 2.3 s an image)" + System.lineSeparator(),
                summary.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aClipsSummaryCountsFramesNotImages() {
        progress.summary(CliProgress.generatedClip(48, Duration.ofSeconds(3), Duration.ofMillis(38400)));
        assertEquals("generated a clip of 48 frames in 41 s (loading 3 s, then 0.8 s a frame)" + System.lineSeparator(),
                summary.toString(StandardCharsets.UTF_8));
    }

    private static QueueSnapshot snapshot(List<Job> jobs, Job running, double fraction) {
        return new QueueSnapshot(jobs, false, Optional.of(new JobProgress(running.id(), fraction, Duration.ofSeconds(1),
                Optional.empty())));
    }
}
