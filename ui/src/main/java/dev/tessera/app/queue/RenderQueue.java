package dev.tessera.app.queue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.video.ClipSettings;
import dev.tessera.generation.diffusion.CancellationToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The persistent render queue. Every change is journaled to {@code queue.json} before the method
 * returns, so a crash loses nothing that was acknowledged.
 *
 * <p>Crash recovery: while a process has the queue open the journal says {@code cleanShutdown:
 * false}. Opening a journal in that state means the last process died: the queue comes back
 * <em>paused</em> (so a job that crashes the process cannot crash-loop) and a job that was RUNNING
 * returns to PENDING marked {@link Job#interrupted()}, keeping the images it had finished.
 *
 * <p>All methods are synchronized; listeners receive immutable snapshots.
 */
public final class RenderQueue implements AutoCloseable {

    private final QueueJournal journal;
    private final QueueFolderLock lock;
    private final Clock clock;
    private final List<Job> jobs = new ArrayList<>();
    private final Map<String, CancellationToken> runningTokens = new HashMap<>();
    private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();
    private final String openingProblem;
    private final List<String> interruptedByCrash;
    private final boolean openedAfterCrash;
    private boolean paused;
    private boolean closed;
    private JobProgress progress;

    private RenderQueue(QueueJournal journal, QueueFolderLock lock, Clock clock, List<Job> jobs, boolean paused,
            String openingProblem, boolean openedAfterCrash, List<String> interruptedByCrash) {
        this.openedAfterCrash = openedAfterCrash;
        this.journal = journal;
        this.lock = lock;
        this.interruptedByCrash = List.copyOf(interruptedByCrash);
        this.clock = clock;
        this.jobs.addAll(jobs);
        this.paused = paused;
        this.openingProblem = openingProblem;
    }

    /**
     * Opens (or creates) the queue kept in {@code folder} and holds its folder lock until
     * {@link #close()}.
     *
     * @throws QueueInUseException when another process (or another open queue in this one) has it
     */
    public static RenderQueue open(Path folder) throws IOException {
        return open(folder, Clock.systemUTC());
    }

    static RenderQueue open(Path folder, Clock clock) throws IOException {
        Files.createDirectories(folder);
        // Lock before reading: the journal may only be read and written by the lock holder.
        QueueFolderLock lock = QueueFolderLock.acquire(folder);
        try {
            return openLocked(new QueueJournal(folder), lock, clock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The queue as its journal holds it now, read without taking the folder lock: a look at a queue
     * that another process (the studio, a {@code queue run}) has open. The journal is replaced
     * atomically, so this is one whole snapshot; a job shown running may have moved on since.
     *
     * @throws CorruptQueueException when the journal cannot be understood (the holder moves it aside)
     */
    public static QueueSnapshot readWithoutLock(Path folder) throws IOException {
        return new QueueJournal(folder).read()
                .map(contents -> new QueueSnapshot(contents.jobs(), contents.paused(), Optional.empty()))
                .orElseGet(() -> new QueueSnapshot(List.of(), false, Optional.empty()));
    }

    private static RenderQueue openLocked(QueueJournal journal, QueueFolderLock lock, Clock clock) throws IOException {
        journal.removeLeftoverTemps();
        RenderQueue queue;
        try {
            queue = journal.read().map(contents -> recovered(journal, lock, clock, contents))
                    .orElseGet(() -> new RenderQueue(journal, lock, clock, List.of(), false, null, false, List.of()));
        } catch (CorruptQueueException e) {
            // Keep the unreadable file for the user, start empty and paused, and say what happened.
            Path aside = journal.moveAside(clock.instant());
            String problem = e.getMessage() + ". It was moved to " + aside
                    + "; the queue starts empty and paused.";
            queue = new RenderQueue(journal, lock, clock, List.of(), true, problem, false, List.of());
        }
        queue.persist();
        return queue;
    }

    private static RenderQueue recovered(QueueJournal journal, QueueFolderLock lock, Clock clock,
            QueueJournal.Contents contents) {
        boolean crashed = !contents.cleanShutdown();
        List<Job> jobs = contents.jobs().stream()
                .map(job -> job.state() instanceof JobState.Running ? job.interruptedByCrash() : job).toList();
        List<String> interrupted = crashed ? contents.jobs().stream()
                .filter(job -> job.state() instanceof JobState.Running).map(Job::id).toList() : List.of();
        return new RenderQueue(journal, lock, clock, jobs, contents.paused() || crashed, null, crashed, interrupted);
    }

    /** What went wrong reading the journal on open (the file was moved aside), if anything. */
    public Optional<String> openingProblem() {
        return Optional.ofNullable(openingProblem);
    }

    /**
     * Ids of the jobs this open found RUNNING in a journal whose process died: they went back to
     * PENDING and the queue opened paused. Empty after a clean shutdown.
     */
    public List<String> interruptedByCrash() {
        return interruptedByCrash;
    }

    /** Whether the last process to hold this queue died without closing it (so it opened paused). */
    public boolean openedAfterCrash() {
        return openedAfterCrash;
    }


    public Path journalFile() {
        return journal.file();
    }

    // ---- reading ----

    public synchronized List<Job> jobs() {
        return List.copyOf(jobs);
    }

    public synchronized Optional<Job> find(String id) {
        return jobs.stream().filter(j -> j.id().equals(id)).findFirst();
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    public synchronized QueueSnapshot snapshot() {
        return new QueueSnapshot(jobs, paused, Optional.ofNullable(progress));
    }

    public void addListener(QueueListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(QueueListener listener) {
        listeners.remove(listener);
    }

    // ---- editing ----

    public synchronized Job add(GenerationRequest request, Path outputFolder, Path modelFile) {
        return add(request, null, outputFolder, modelFile);
    }

    /** Adds one job of clips ({@code clip} not null: each seed's clip is a GIF, as the CLI's) or of images. */
    public synchronized Job add(GenerationRequest request, ClipSettings clip, Path outputFolder, Path modelFile) {
        Job job = Job.pending(request, clip, outputFolder.toAbsolutePath(), modelFile.toAbsolutePath(), clock.instant());
        jobs.add(job);
        changed();
        return job;
    }

    /**
     * Adds one job per combination of prompt × seed × setting value (cartesian product, in that
     * nesting order). An empty prompt or seed list means the base request's; a null setting means
     * no third axis.
     */
    public synchronized List<Job> addSweep(GenerationRequest base, List<String> prompts, List<Long> seeds,
            SweepSetting setting, List<String> values, Path outputFolder, Path modelFile) {
        return addSweep(base, null, prompts, seeds, setting, values, outputFolder, modelFile);
    }

    /** {@link #addSweep} of clip jobs ({@code clip} not null: each seed's clip is a GIF) or image jobs. */
    public synchronized List<Job> addSweep(GenerationRequest base, ClipSettings clip, List<String> prompts,
            List<Long> seeds, SweepSetting setting, List<String> values, Path outputFolder, Path modelFile) {
        List<String> promptAxis = prompts == null || prompts.isEmpty() ? List.of(base.prompt()) : prompts;
        List<Long> seedAxis = seeds == null || seeds.isEmpty() ? List.of(base.seed()) : seeds;
        if (setting != null && (values == null || values.isEmpty())) {
            throw new IllegalArgumentException("a sweep over " + setting.id() + " needs at least one value");
        }
        List<GenerationRequest> requests = new ArrayList<>();
        for (String prompt : promptAxis) {
            for (long seed : seedAxis) {
                GenerationRequest r = base.withPrompt(prompt).withSeed(seed);
                if (setting == null) {
                    requests.add(r);
                } else {
                    for (String value : values) {
                        requests.add(setting.apply(r, value));
                    }
                }
            }
        }
        // Validate everything first so a bad value adds nothing.
        List<Job> added = requests.stream().map(r -> Job.pending(r, clip, setting, outputFolder.toAbsolutePath(),
                modelFile.toAbsolutePath(), clock.instant())).toList();
        jobs.addAll(added);
        changed();
        return added;
    }

    /** Moves a job to {@code index} (clamped to the list). */
    public synchronized void move(String id, int index) {
        int from = indexOf(id);
        Job job = jobs.remove(from);
        jobs.add(Math.max(0, Math.min(index, jobs.size())), job);
        changed();
    }

    public synchronized void moveUp(String id) {
        move(id, indexOf(id) - 1);
    }

    public synchronized void moveDown(String id) {
        move(id, indexOf(id) + 1);
    }

    /** A PENDING copy (new id, no outputs) placed right after the original. */
    public synchronized Job duplicate(String id) {
        int at = indexOf(id);
        Job copy = jobs.get(at).copy(clock.instant());
        jobs.add(at + 1, copy);
        changed();
        return copy;
    }

    /** Replaces the request of a PENDING job; editing any other job is an error. */
    public synchronized Job edit(String id, GenerationRequest request) {
        Objects.requireNonNull(request, "request");
        int at = indexOf(id);
        Job job = jobs.get(at);
        if (!(job.state() instanceof JobState.Pending)) {
            throw new IllegalStateException("only a pending job can be edited; job " + id + " is "
                    + job.state().name());
        }
        // Images finished before an interruption belong to the old request, so they no longer count.
        Job edited = new Job(job.id(), request, job.outputFolder(), job.modelFile(), JobState.PENDING, List.of(),
                job.created(), job.started(), null, job.interrupted(), job.clip(), job.swept());
        jobs.set(at, edited);
        changed();
        return edited;
    }

    /** PENDING → CANCELLED at once; a RUNNING job is signalled and the runner marks it when it stops. */
    public synchronized void cancel(String id) {
        int at = indexOf(id);
        Job job = jobs.get(at);
        if (job.state() instanceof JobState.Pending) {
            jobs.set(at, job.finished(JobState.CANCELLED, clock.instant()));
            changed();
        } else if (job.state() instanceof JobState.Running) {
            CancellationToken token = runningTokens.get(id);
            if (token != null) {
                token.cancel();
            }
        }
    }

    /** Removes a job that is not running. */
    public synchronized void remove(String id) {
        int at = indexOf(id);
        if (jobs.get(at).state() instanceof JobState.Running) {
            throw new IllegalStateException("job " + id + " is running; cancel it first");
        }
        jobs.remove(at);
        changed();
    }

    /** The runner takes no new job while paused; the running one finishes. */
    public synchronized void pause() {
        paused = true;
        changed();
    }

    public synchronized void resume() {
        paused = false;
        changed();
        notifyAll();
    }

    /** Marks a clean shutdown, so the next open does not treat this process as crashed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writeJournal(true);
        } finally {
            releaseLock();
            notifyAll();
        }
    }

    private void releaseLock() {
        try {
            lock.close();
        } catch (IOException e) {
            // The OS drops the lock when the process ends anyway; nothing the user can do.
            java.util.logging.Logger.getLogger(RenderQueue.class.getName())
                    .warning("could not release the queue lock: " + e.getMessage());
        }
    }

    // ---- used by the runner ----

    /** Marks the first PENDING job RUNNING and returns it, or empty when paused or nothing is pending. */
    synchronized Optional<RunningJob> startNext() {
        if (paused || closed) {
            return Optional.empty();
        }
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).state() instanceof JobState.Pending) {
                Job job = jobs.get(i).started(clock.instant());
                jobs.set(i, job);
                CancellationToken token = new CancellationToken();
                runningTokens.put(job.id(), token);
                changed();
                return Optional.of(new RunningJob(job, token));
            }
        }
        return Optional.empty();
    }

    /**
     * Marks every PENDING job that {@code accepts} RUNNING, in queue order, and returns them; none when paused or
     * closed. For an engine that renders many jobs at once ({@link BatchRun}).
     */
    synchronized List<Job> startAll(java.util.function.Predicate<Job> accepts) {
        List<Job> started = new ArrayList<>();
        if (paused || closed) {
            return started;
        }
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).state() instanceof JobState.Pending && accepts.test(jobs.get(i))) {
                Job job = jobs.get(i).started(clock.instant());
                jobs.set(i, job);
                runningTokens.put(job.id(), new CancellationToken());
                started.add(job);
            }
        }
        if (!started.isEmpty()) {
            changed();
        }
        return started;
    }

    /** Blocks until a job can start or {@code stop} says so; used by the background runner. */
    synchronized Optional<RunningJob> awaitNext(java.util.function.BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean() && !closed) {
            Optional<RunningJob> next = startNext();
            if (next.isPresent()) {
                return next;
            }
            wait(500);
        }
        return Optional.empty();
    }

    synchronized void wakeUp() {
        notifyAll();
    }

    synchronized Job recordOutput(String id, JobOutput output) {
        int at = indexOf(id);
        Job job = jobs.get(at).withOutput(output);
        jobs.set(at, job);
        changed();
        return job;
    }

    synchronized void finish(String id, JobState finalState) {
        runningTokens.remove(id);
        progress = null;
        int at = indexOf(id);
        jobs.set(at, jobs.get(at).finished(finalState, clock.instant()));
        changed();
    }

    /** Returns a running job to PENDING on a clean stop; it resumes from its missing seeds. */
    synchronized void requeue(String id) {
        runningTokens.remove(id);
        progress = null;
        int at = indexOf(id);
        jobs.set(at, jobs.get(at).requeued());
        changed();
    }

    /** Progress is not journaled: it is only meaningful to this process. */
    synchronized void reportProgress(JobProgress newProgress) {
        progress = newProgress;
        notifyListeners();
    }

    synchronized Instant now() {
        return clock.instant();
    }

    /** A job the runner has started, with the token {@link #cancel} uses. */
    record RunningJob(Job job, CancellationToken cancellation) {}

    // ---- internals ----

    private int indexOf(String id) {
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no job with id " + id + " in the queue");
    }

    private void changed() {
        if (closed) {
            // The folder lock is released: another process may own the journal now.
            throw new IllegalStateException("the queue " + journal.file() + " is closed; open it again to change it");
        }
        persist();
        notifyListeners();
    }

    private void persist() {
        writeJournal(closed);
    }

    private void writeJournal(boolean cleanShutdown) {
        try {
            journal.write(new QueueJournal.Contents(jobs, paused, cleanShutdown));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the queue to " + journal.file() + ": " + e.getMessage(), e);
        }
    }

    private void notifyListeners() {
        QueueSnapshot snapshot = new QueueSnapshot(jobs, paused, Optional.ofNullable(progress));
        for (QueueListener listener : listeners) {
            listener.queueChanged(snapshot);
        }
    }
}
