package dev.tessera.ui.queue;

import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.QueueSnapshot;
import java.time.Duration;
import java.util.Optional;

/** The one-line summary above the table: images done, jobs left, time left, paused. */
final class OverallStatus {

    private OverallStatus() {}

    static String text(QueueSnapshot snapshot, Optional<Duration> remaining) {
        if (snapshot.jobs().isEmpty()) {
            return "The queue is empty. Add jobs from Generate, or a sweep with Add sweep…";
        }
        int done = 0;
        int wanted = 0;
        int jobsLeft = 0;
        for (Job job : snapshot.jobs()) {
            if (job.state() instanceof JobState.Cancelled || job.state() instanceof JobState.Failed) {
                continue;
            }
            done += job.outputs().size();
            wanted += job.request().count();
            jobsLeft += job.state().isFinal() ? 0 : 1;
        }
        StringBuilder text = new StringBuilder();
        text.append(done).append(" of ").append(wanted).append(wanted == 1 ? " image" : " images").append(" done");
        if (jobsLeft > 0) {
            text.append(" · ").append(jobsLeft).append(jobsLeft == 1 ? " job" : " jobs").append(" to go");
            remaining.ifPresent(d -> text.append(" · about ").append(JobText.duration(d)).append(" left"));
        } else {
            text.append(" · all jobs finished");
        }
        if (snapshot.paused()) {
            text.append(" · paused");
        }
        return text.toString();
    }
}
