package dev.tessera.app.queue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works through a {@link RenderQueue}: takes the first PENDING job when not paused and renders its
 * missing seeds one at a time, journaling each finished image before starting the next. Either in
 * the background ({@link #start()}/{@link #stop()}) or in the caller's thread ({@link #runUntilIdle()}).
 */
public final class QueueRunner {

    private static final Logger LOG = Logger.getLogger(QueueRunner.class.getName());

    private final RenderQueue queue;
    private final JobRenderer renderer;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile RenderQueue.RunningJob current;
    private Thread thread;

    public QueueRunner(RenderQueue queue, JobRenderer renderer) {
        this.queue = queue;
        this.renderer = renderer;
    }

    /** Starts the background thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the runner is already started");
        }
        thread = new Thread(this::loop, "tessera-queue-runner");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Clean shutdown: a running job is cancelled and returns to PENDING (its finished images are
     * kept), the thread ends and the queue is closed with its clean-shutdown mark.
     */
    public void stop() throws InterruptedException {
        requestStop();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join();
        }
        queue.close();
    }

    /**
     * Asks the runner to stop without waiting: a running job is cancelled between sampler steps and
     * returns to PENDING with its finished images; no further job starts. Safe from any thread.
     */
    public void requestStop() {
        stopping.set(true);
        RenderQueue.RunningJob running = current;
        if (running != null) {
            running.cancellation().cancel();
        }
        queue.wakeUp();
    }

    /**
     * Runs jobs in this thread until none is pending or the queue is paused (or a stop is asked for); returns how
     * many it finished (done, failed or cancelled): a job a stop put back to pending is not counted.
     */
    public int runUntilIdle() {
        int finished = 0;
        while (!stopping.get()) {
            // Checked before taking a job: a job taken and then not run would stay RUNNING.
            Optional<RenderQueue.RunningJob> next = queue.startNext();
            if (next.isEmpty()) {
                break;
            }
            if (run(next.get())) {
                finished++;
            }
        }
        return finished;
    }

    private void loop() {
        try {
            while (!stopping.get()) {
                Optional<RenderQueue.RunningJob> next = queue.awaitNext(stopping::get);
                next.ifPresent(this::run);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one job; false when a stop put it back to pending. */
    private boolean run(RenderQueue.RunningJob running) {
        current = running;
        Job job = running.job();
        CancellationToken token = running.cancellation();
        if (stopping.get()) {
            token.cancel(); // the stop came while this job was being taken: requeue it untouched
        }
        try {
            List<Long> missing = job.missingSeeds();
            int count = job.request().count();
            double startFraction = (count - missing.size()) / (double) count;
            Instant started = queue.now();
            for (long seed : missing) {
                if (token.isCancelled()) {
                    break;
                }
                Optional<Path> orphan = job.interrupted() ? InterruptedOutputs.find(job, seed, claimedFiles())
                        : Optional.empty();
                if (orphan.isPresent()) {
                    job = queue.recordOutput(job.id(), new JobOutput(seed, orphan.get()));
                    continue;
                }
                Job single = job.withRequest(singleSeed(job.request(), seed));
                double before = job.outputs().size() / (double) count;
                String id = job.id();
                List<Path> files = renderer.render(single, fraction -> queue.reportProgress(JobProgress.of(id,
                        startFraction, before + fraction / count, Duration.between(started, queue.now()))), token);
                if (token.isCancelled() && files.isEmpty()) {
                    break;
                }
                for (Path file : files) {
                    job = queue.recordOutput(job.id(), new JobOutput(seed, file));
                }
            }
            return endRun(job, token, null);
        } catch (CancellationException e) {
            return endRun(job, token, null);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "queue job " + job.id() + " failed", e);
            return endRun(job, token, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            current = null;
        }
    }

    /** Ends the job's run; false when it went back to pending (a stop), true when it finished. */
    private boolean endRun(Job job, CancellationToken token, String failure) {
        if (failure != null) {
            queue.finish(job.id(), JobState.failed(failure));
        } else if (token.isCancelled() && stopping.get()) {
            queue.requeue(job.id());
            return false;
        } else if (token.isCancelled()) {
            queue.finish(job.id(), JobState.CANCELLED);
        } else {
            queue.finish(job.id(), JobState.DONE);
        }
        return true;
    }

    private List<Path> claimedFiles() {
        List<Path> claimed = new ArrayList<>();
        queue.jobs().forEach(j -> claimed.addAll(j.files()));
        return claimed;
    }

    private static GenerationRequest singleSeed(GenerationRequest r, long seed) {
        return r.withSeed(seed).withCount(1);
    }
}
