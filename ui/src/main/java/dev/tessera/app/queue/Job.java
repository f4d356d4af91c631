package dev.tessera.app.queue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.video.ClipSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One queued render, immutable: every change makes a new value, so listeners can keep snapshots.
 *
 * @param outputs     images already finished, one per seed; a rerun renders only the missing seeds
 * @param started     when the job first started running (null before); kept across reruns so an
 *                    interrupted job can recognise images it wrote before the crash
 * @param finished    when it reached a final state (null before)
 * @param interrupted the job was RUNNING when its process died; it went back to PENDING
 * @param clip        for a video model's job, the clip of each seed (written as {@code <seed>-<prompt>.gif});
 *                    null for images
 * @param swept       the setting a sweep varied from job to job (null for a job of its own): its value joins
 *                    the file names ({@link #fileLabel}), so {@code 5-fire-cfg4.png} and {@code 5-fire-cfg1.5.png}
 *                    say which value made which
 */
public record Job(String id, GenerationRequest request, Path outputFolder, Path modelFile, JobState state,
        List<JobOutput> outputs, Instant created, Instant started, Instant finished, boolean interrupted,
        ClipSettings clip, SweepSetting swept) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(outputFolder, "outputFolder");
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
        outputs = List.copyOf(outputs);
    }

    /** An image job of its own. */
    public Job(String id, GenerationRequest request, Path outputFolder, Path modelFile, JobState state,
            List<JobOutput> outputs, Instant created, Instant started, Instant finished, boolean interrupted) {
        this(id, request, outputFolder, modelFile, state, outputs, created, started, finished, interrupted, null, null);
    }

    /** A new PENDING job with a fresh id. */
    public static Job pending(GenerationRequest request, Path outputFolder, Path modelFile, Instant now) {
        return pending(request, null, outputFolder, modelFile, now);
    }

    /** A new PENDING job of clips ({@code clip} not null) or images. */
    public static Job pending(GenerationRequest request, ClipSettings clip, Path outputFolder, Path modelFile,
            Instant now) {
        return pending(request, clip, null, outputFolder, modelFile, now);
    }

    /** A new PENDING job of a sweep over {@code swept} (null: not a sweep over a setting). */
    public static Job pending(GenerationRequest request, ClipSettings clip, SweepSetting swept, Path outputFolder,
            Path modelFile, Instant now) {
        return new Job(UUID.randomUUID().toString(), request, outputFolder, modelFile, JobState.PENDING, List.of(),
                now, null, null, false, clip, swept);
    }

    /** What the job's file names carry after the prompt: the swept setting's value, e.g. "cfg4"; empty otherwise. */
    public String fileLabel() {
        return swept == null ? "" : swept.fileLabel(request);
    }

    /**
     * The local files this job produced, in the order they were finished; images a Spark run wrote to a remote file
     * system are in {@link #outputs()} only.
     */
    public List<Path> files() {
        return outputs.stream().flatMap(o -> o.localFile().stream()).toList();
    }

    /** Seeds of the request that have no finished image yet, in order. */
    public List<Long> missingSeeds() {
        Set<Long> done = outputs.stream().map(JobOutput::seed).collect(Collectors.toSet());
        List<Long> missing = new ArrayList<>();
        for (int i = 0; i < request.count(); i++) {
            if (!done.contains(request.seedOf(i))) {
                missing.add(request.seedOf(i));
            }
        }
        return missing;
    }

    Job withState(JobState newState) {
        return new Job(id, request, outputFolder, modelFile, newState, outputs, created, started, finished, interrupted, clip, swept);
    }

    Job withRequest(GenerationRequest newRequest) {
        return new Job(id, newRequest, outputFolder, modelFile, state, outputs, created, started, finished, interrupted, clip, swept);
    }

    Job started(Instant now) {
        return new Job(id, request, outputFolder, modelFile, JobState.RUNNING, outputs, created,
                started == null ? now : started, null, interrupted, clip, swept);
    }

    Job finished(JobState finalState, Instant now) {
        return new Job(id, request, outputFolder, modelFile, finalState, outputs, created, started, now, interrupted, clip, swept);
    }

    /** Back to PENDING after its process died mid-run; finished outputs are kept so they are not redone. */
    Job interruptedByCrash() {
        return new Job(id, request, outputFolder, modelFile, JobState.PENDING, outputs, created, started, null, true, clip, swept);
    }

    /** Back to PENDING after a clean stop mid-run (not a crash, so not marked interrupted). */
    Job requeued() {
        return new Job(id, request, outputFolder, modelFile, JobState.PENDING, outputs, created, started, null,
                interrupted, clip, swept);
    }

    Job withOutput(JobOutput output) {
        List<JobOutput> more = new ArrayList<>(outputs);
        more.add(output);
        return new Job(id, request, outputFolder, modelFile, state, more, created, started, finished, interrupted, clip, swept);
    }

    /** A fresh PENDING copy with a new id and no outputs. */
    Job copy(Instant now) {
        return pending(request, clip, swept, outputFolder, modelFile, now);
    }
}
