package dev.tessera.app.queue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The queue's pending jobs handed to an engine that renders many images at once, outside this process's
 * {@link QueueRunner} (the Spark job of {@code tessera-distributed}): every accepted job is taken (RUNNING) in one
 * journal write, the engine reports each finished image, and each job ends DONE, FAILED, or back in PENDING with the
 * images it has when the engine stopped short. The queue stays open, and its folder locked, throughout.
 */
public final class BatchRun {

    private final RenderQueue queue;
    private final List<Job> jobs;
    private final Set<String> failed = new HashSet<>();

    private BatchRun(RenderQueue queue, List<Job> jobs) {
        this.queue = queue;
        this.jobs = jobs;
    }

    /** Takes every PENDING job that {@code accepts} (none when the queue is paused). */
    public static BatchRun takePending(RenderQueue queue, Predicate<Job> accepts) {
        return new BatchRun(queue, queue.startAll(Objects.requireNonNull(accepts, "accepts")));
    }

    /** The jobs taken, in queue order, as they were when taken. */
    public List<Job> jobs() {
        return jobs;
    }

    /** Journals one finished image of a taken job. */
    public Job recordOutput(String jobId, JobOutput output) {
        checkTaken(jobId);
        return queue.recordOutput(jobId, output);
    }

    /** Ends a taken job: DONE when every seed has its image, else back to PENDING with the images it has. */
    public JobState finish(String jobId) {
        checkTaken(jobId);
        Job job = queue.find(jobId).orElseThrow();
        if (job.missingSeeds().isEmpty()) {
            queue.finish(jobId, JobState.DONE);
            return JobState.DONE;
        }
        queue.requeue(jobId);
        return JobState.PENDING;
    }

    /** Ends a taken job FAILED with {@code message}, keeping the images it has; {@link #failed} says so from then on. */
    public void fail(String jobId, String message) {
        checkTaken(jobId);
        queue.finish(jobId, JobState.failed(message));
        failed.add(jobId);
    }

    /** Whether {@link #fail} ended this job. */
    public boolean failed(String jobId) {
        return failed.contains(jobId);
    }

    private void checkTaken(String jobId) {
        if (jobs.stream().noneMatch(j -> j.id().equals(jobId))) {
            throw new IllegalArgumentException("job " + jobId + " is not part of this batch run");
        }
    }
}
