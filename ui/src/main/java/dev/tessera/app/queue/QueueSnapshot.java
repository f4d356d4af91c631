package dev.tessera.app.queue;

import java.util.List;
import java.util.Optional;

/** An immutable view of the queue for listeners and the UI. */
public record QueueSnapshot(List<Job> jobs, boolean paused, Optional<JobProgress> progress) {

    public QueueSnapshot {
        jobs = List.copyOf(jobs);
    }

    /**
     * Images finished over images wanted, counting the running job's partial image, across the jobs
     * that did or will run (cancelled and failed jobs are left out); 0 when there are none, so an
     * empty queue shows an empty bar.
     */
    public double overallFraction() {
        double done = 0;
        int wanted = 0;
        for (Job job : jobs) {
            if (job.state() instanceof JobState.Cancelled || job.state() instanceof JobState.Failed) {
                continue;
            }
            wanted += job.request().count();
            done += job.outputs().size();
        }
        if (wanted == 0) {
            return 0;
        }
        double partial = progress.map(p -> jobs.stream().filter(j -> j.id().equals(p.jobId())).findFirst()
                .map(j -> Math.max(0, p.fraction() * j.request().count() - j.outputs().size())).orElse(0.0))
                .orElse(0.0);
        return Math.min(1, (done + partial) / wanted);
    }
}
