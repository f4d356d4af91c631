package dev.tessera.app.queue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.app.generate.Preset;
import dev.tessera.app.generate.Speed;
import dev.tessera.generation.acdit.sampling.StepSchedule;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.InitImage;
import dev.tessera.app.video.ClipSettings;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The queue on disk: one {@code queue.json} snapshot, rewritten atomically after every change, so
 * a crash leaves either the previous or the new snapshot, never a mix.
 */
final class QueueJournal {

    static final String FILE_NAME = "queue.json";
    /** 2 added a job's styleStrength; version-1 journals read as style strength 0. */
    static final int VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What a journal holds. */
    record Contents(List<Job> jobs, boolean paused, boolean cleanShutdown) {}

    private final Path file;

    QueueJournal(Path folder) {
        this.file = folder.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    /** Empty when no journal exists yet; {@link CorruptQueueException} when it cannot be understood. */
    Optional<Contents> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            QueueFileJson json = JSON.readValue(file.toFile(), QueueFileJson.class);
            if (json == null || json.jobs() == null) {
                throw new IllegalArgumentException("no job list");
            }
            if (json.version() > VERSION) {
                throw new IllegalArgumentException("written by a newer Tessera (version " + json.version() + ")");
            }
            List<Job> jobs = json.jobs().stream().map(QueueJournal::toJob).toList();
            return Optional.of(new Contents(jobs, json.paused(), json.cleanShutdown()));
        } catch (IOException | RuntimeException e) {
            throw new CorruptQueueException(file, e);
        }
    }

    void write(Contents contents) throws IOException {
        QueueFileJson json = new QueueFileJson(VERSION, contents.paused(), contents.cleanShutdown(),
                contents.jobs().stream().map(QueueJournal::toJson).toList());
        AtomicFiles.write(file, JSON.writeValueAsBytes(json));
    }

    /**
     * Deletes temp files a crash left between writing a new snapshot and renaming it into place.
     * Only the lock holder calls this, so no other writer can own them. Returns how many it removed.
     */
    int removeLeftoverTemps() throws IOException {
        String prefix = "." + FILE_NAME + ".";
        int removed = 0;
        try (java.util.stream.Stream<Path> files = Files.list(file.getParent())) {
            for (Path temp : files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".tmp")).toList()) {
                removed += Files.deleteIfExists(temp) ? 1 : 0;
            }
        }
        return removed;
    }

    /** Renames an unreadable journal so nothing is lost and a fresh queue can start. */
    Path moveAside(Instant now) throws IOException {
        String stamp = now.toString().replace(':', '-');
        Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + stamp);
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(FILE_NAME + ".corrupt-" + stamp + "-" + n);
        }
        Files.move(file, aside);
        return aside;
    }

    record QueueFileJson(int version, boolean paused, boolean cleanShutdown, List<JobJson> jobs) {}

    /** {@code file}: a local path, or the URI of an image a Spark run wrote to a remote file system. */
    record OutputJson(long seed, String file) {}

    /**
     * {@code styleStrength} is absent (0, off) in queues written before it existed; {@code frames},
     * {@code window} and {@code fps} are null for image jobs (and in queues written before clips); {@code sweep},
     * the setting a sweep varied, is null for other jobs (and in queues written before it was kept); so is
     * {@code negativePrompt} when there is none, and {@code init} (image to image) for text to image;
     * {@code blockSteps}, {@code stepCache} and {@code preset} (speed settings) are null when not set, and in
     * queues written before them; {@code still} (a clip's still opening) is null when off, and in queues written
     * before it.
     */
    record JobJson(String id, String prompt, String style, long seed, int steps, double guidance,
            double styleStrength, String sampler,
            int count, String outputFolder, String modelFile, String state, String failure, List<OutputJson> outputs,
            String created, String started, String finished, boolean interrupted, Integer frames, Integer window,
            Double fps, String sweep, String negativePrompt, InitImage init, String blockSteps, Double stepCache,
            String preset, Boolean still) {}

    private static JobJson toJson(Job job) {
        GenerationRequest r = job.request();
        String failure = job.state() instanceof JobState.Failed failed ? failed.message() : null;
        return new JobJson(job.id(), r.prompt(), r.style(), r.seed(), r.steps(), r.guidance(), r.styleStrength(), r.sampler().id(),
                r.count(), job.outputFolder().toString(), job.modelFile().toString(), job.state().name(), failure,
                job.outputs().stream().map(o -> new OutputJson(o.seed(), o.location())).toList(),
                job.created().toString(), text(job.started()), text(job.finished()), job.interrupted(),
                job.clip() == null ? null : job.clip().frames(), job.clip() == null ? null : job.clip().window(),
                job.clip() == null ? null : job.clip().fps(), job.swept() == null ? null : job.swept().id(),
                r.negativePrompt().isEmpty() ? null : r.negativePrompt(), r.init(),
                r.speed().schedule() == null ? null : r.speed().schedule().toString(),
                r.speed().stepCache() == 0 ? null : r.speed().stepCache(),
                r.speed().preset() == null ? null : r.speed().preset().id(),
                job.clip() != null && job.clip().still() ? Boolean.TRUE : null);
    }

    private static Job toJob(JobJson j) {
        GenerationRequest request = new GenerationRequest(j.prompt(), j.style(), j.seed(), j.steps(), j.guidance(),
                j.styleStrength(), SamplerKind.fromId(j.sampler()), j.count(), j.negativePrompt(), j.init(),
                new Speed(j.blockSteps() == null ? null : StepSchedule.parse(j.blockSteps()),
                        j.stepCache() == null ? 0 : j.stepCache(), j.preset() == null ? null : Preset.fromId(j.preset())));
        List<JobOutput> outputs = j.outputs() == null ? List.of()
                : j.outputs().stream().map(o -> new JobOutput(o.seed(), o.file())).toList();
        return new Job(j.id(), request, Path.of(j.outputFolder()), Path.of(j.modelFile()),
                JobState.of(j.state(), j.failure()), outputs, Instant.parse(j.created()), instant(j.started()),
                instant(j.finished()), j.interrupted(),
                j.frames() == null ? null : new ClipSettings(j.frames(), j.window(), j.fps(), Boolean.TRUE.equals(j.still())),
                j.sweep() == null ? null : SweepSetting.fromName(j.sweep()));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
