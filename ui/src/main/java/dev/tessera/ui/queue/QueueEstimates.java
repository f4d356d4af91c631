package dev.tessera.ui.queue;

import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobProgress;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.QueueSnapshot;
import java.time.Duration;
import java.util.Optional;

/**
 * Time estimates for jobs that have not started yet. Rendering cost grows with images × steps,
 * so the rate measured on the running job ("seconds per image-step") prices every pending job.
 * The last measured rate is kept when the queue is idle, so pending jobs keep an estimate.
 */
final class QueueEstimates {

    private double secondsPerImageStep = Double.NaN;

    /** Learns the current rate from the running job's own estimate. */
    void observe(QueueSnapshot snapshot) {
        snapshot.progress().ifPresent(progress -> progress.remaining().ifPresent(remaining -> {
            Job job = find(snapshot, progress.jobId());
            double left = 1 - progress.fraction();
            if (job != null && left > 0.02) {
                double imageSteps = left * job.request().count() * job.request().steps();
                secondsPerImageStep = remaining.toMillis() / 1000.0 / imageSteps;
            }
        }));
    }

    /** Remaining time of one job: the runner's own figure when it runs, the learned rate when pending. */
    Optional<Duration> remaining(Job job, Optional<JobProgress> progress) {
        if (job.state() instanceof JobState.Running) {
            return progress.filter(p -> p.jobId().equals(job.id())).flatMap(JobProgress::remaining);
        }
        if (job.state() instanceof JobState.Pending && !Double.isNaN(secondsPerImageStep)) {
            double imageSteps = job.missingSeeds().size() * (double) job.request().steps();
            return Optional.of(Duration.ofMillis(Math.round(imageSteps * secondsPerImageStep * 1000)));
        }
        return Optional.empty();
    }

    /** Sum over the running and pending jobs; empty until there is a rate to go by. */
    Optional<Duration> overall(QueueSnapshot snapshot) {
        Duration total = Duration.ZERO;
        boolean any = false;
        for (Job job : snapshot.jobs()) {
            if (job.state().isFinal()) {
                continue;
            }
            Optional<Duration> left = remaining(job, snapshot.progress());
            if (left.isEmpty()) {
                return Optional.empty();
            }
            total = total.plus(left.get());
            any = true;
        }
        return any ? Optional.of(total) : Optional.empty();
    }

    private static Job find(QueueSnapshot snapshot, String id) {
        return snapshot.jobs().stream().filter(j -> j.id().equals(id)).findFirst().orElse(null);
    }
}
