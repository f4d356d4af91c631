package dev.tessera.ui.queue;

import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.RenderQueue;
import java.util.List;
import java.util.stream.Collectors;

/** The words shown when the queue came back paused after an unclean exit or a corrupt file. */
final class RecoveryBanner {

    private RecoveryBanner() {}

    static String text(RenderQueue queue) {
        if (queue.openingProblem().isPresent()) {
            return queue.openingProblem().get();
        }
        if (!queue.openedAfterCrash()) {
            return "";
        }
        List<Job> jobs = queue.jobs();
        List<String> interrupted = queue.interruptedByCrash().stream()
                .map(id -> {
                    for (int i = 0; i < jobs.size(); i++) {
                        if (jobs.get(i).id().equals(id)) {
                            Job job = jobs.get(i);
                            return JobText.label(i + 1, job) + " (" + job.outputs().size() + " of "
                                    + job.request().count() + " images were finished)";
                        }
                    }
                    return "a job that is no longer queued";
                }).toList();
        String what = "Tessera did not shut down cleanly last time, so the queue came back paused.";
        if (interrupted.isEmpty()) {
            return what + " No job was running. Resume when ready.";
        }
        return what + " Interrupted: " + interrupted.stream().collect(Collectors.joining("; "))
                + ". It renders only its missing images. Resume when ready.";
    }
}
