package dev.tessera.distributed;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.ModelHash;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.queue.BatchRun;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobOutput;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.RenderQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The queue's pending image jobs as one Spark job: every missing seed of every job is an {@link ImageTask}, the
 * tasks are cut into slices of {@code imagesPerTask}, each slice renders on an executor's render lane
 * ({@link PartitionRender}) and writes each image once ({@link ExactlyOnceImage}); the driver then journals the
 * files in seed order and ends each job as the desktop runner would. Clip (video) jobs stay pending for
 * {@code tessera queue run}.
 */
public final class QueueOnSpark {

    /**
     * What a run did. {@code rendered} images were rendered by this run; {@code adopted} were found written;
     * {@code jobsFailed} could not start (no model file).
     */
    public record Summary(int jobs, int images, int rendered, int adopted, int jobsDone, int jobsFailed, int clipJobsLeft) {}

    /** The run's {@code --out} is malformed or cannot be made; no job was taken. */
    public static final class UnwritableOutput extends IOException {
        private static final long serialVersionUID = 1L;

        UnwritableOutput(String folder, Exception cause) {
            super("cannot write to " + folder + ": " + cause.getMessage(), cause);
        }
    }

    private QueueOnSpark() {}

    /**
     * Renders the pending image jobs into each job's own output folder, or, when {@code out} is given, all into that
     * folder (a path every executor sees, or a Hadoop file system's URI such as {@code hdfs://nn:8020/renders}).
     */
    public static Summary run(RenderQueue queue, JavaSparkContext spark, int imagesPerTask, Optional<String> out)
            throws IOException {
        return run(queue, spark, imagesPerTask, out, AfterImage.NONE);
    }

    static Summary run(RenderQueue queue, JavaSparkContext spark, int imagesPerTask, Optional<String> out,
            AfterImage afterImage) throws IOException {
        if (imagesPerTask < 1) {
            throw new IllegalArgumentException("images per task must be at least 1, got " + imagesPerTask);
        }
        Map<String, String> hadoopSettings = hadoopSettings(spark);
        Optional<String> folder = out.map(o -> JobOutput.isUri(o) ? o : Path.of(o).toAbsolutePath().toString());
        if (folder.isPresent()) { // a bad or unreachable --out fails here, before any job is taken
            try {
                ImageFolder.at(folder.get(), hadoopSettings).create();
            } catch (IllegalArgumentException | IOException e) {
                throw new UnwritableOutput(folder.get(), e);
            }
        }
        int clipJobs = (int) queue.jobs().stream()
                .filter(j -> j.state() instanceof JobState.Pending && j.clip() != null).count();
        BatchRun batch = BatchRun.takePending(queue, job -> job.clip() == null);
        List<ImageTask> tasks = tasks(batch, folder);
        List<ImageResult> results;
        try {
            results = tasks.isEmpty() ? List.of()
                    : spark.parallelize(tasks, Math.max(1, (tasks.size() + imagesPerTask - 1) / imagesPerTask))
                            .mapPartitions(new PartitionRender(afterImage, hadoopSettings)).collect();
        } catch (RuntimeException sparkFailed) {
            // Nothing is journaled: the jobs go back to PENDING and a rerun adopts every image already written.
            batch.jobs().stream().filter(job -> !batch.failed(job.id())).forEach(job -> batch.finish(job.id()));
            throw sparkFailed;
        } finally {
            removeLeftoverTemps(tasks, hadoopSettings);
        }
        return record(batch, results, tasks.size(), clipJobs);
    }

    /** The driver's {@code spark.hadoop.*} settings without the prefix, as Spark hands them to Hadoop. */
    private static Map<String, String> hadoopSettings(JavaSparkContext spark) {
        Map<String, String> settings = new HashMap<>();
        for (scala.Tuple2<String, String> entry : spark.getConf().getAllWithPrefix("spark.hadoop.")) {
            settings.put(entry._1(), entry._2());
        }
        return settings;
    }

    /**
     * One task per missing seed, in queue order; the settings carry the driver's model hash. A job whose model file
     * is missing or unreadable fails here, naming it, as it would in {@code tessera queue run}.
     */
    private static List<ImageTask> tasks(BatchRun batch, Optional<String> out) {
        Map<Path, String> hashes = new HashMap<>();
        List<ImageTask> tasks = new ArrayList<>();
        for (Job job : batch.jobs()) {
            Path model = job.modelFile().toAbsolutePath();
            String hash = hashes.get(model);
            if (hash == null) {
                try {
                    hash = ModelHash.of(model);
                    hashes.put(model, hash);
                } catch (IOException e) {
                    batch.fail(job.id(), "no readable model file at " + model + " (" + e.getMessage() + ")");
                    continue;
                }
            }
            String name = model.getFileName().toString().replaceFirst("\\.safetensors$", "");
            for (long seed : job.missingSeeds()) {
                GenerationRequest single = job.request().withSeed(seed).withCount(1);
                tasks.add(new ImageTask(job.id(), seed, Recipe.of(single, 0, name, hash, 0).toJson(),
                        out.orElse(job.outputFolder().toAbsolutePath().toString()), model.toString(),
                        job.fileLabel()));
            }
        }
        return tasks;
    }

    private static Summary record(BatchRun batch, List<ImageResult> results, int images, int clipJobs) {
        Map<String, List<ImageResult>> byJob = new HashMap<>();
        for (ImageResult r : results) {
            byJob.computeIfAbsent(r.jobId(), id -> new ArrayList<>()).add(r);
        }
        int done = 0;
        int failed = 0;
        for (Job job : batch.jobs()) {
            if (batch.failed(job.id())) {
                failed++;
                continue;
            }
            List<Long> order = job.missingSeeds();
            List<ImageResult> mine = new ArrayList<>(byJob.getOrDefault(job.id(), List.of()));
            mine.sort(Comparator.comparingInt(r -> order.indexOf(r.seed())));
            for (ImageResult r : mine) {
                batch.recordOutput(job.id(), new JobOutput(r.seed(), r.file()));
            }
            done += batch.finish(job.id()) == JobState.DONE ? 1 : 0;
        }
        int rendered = (int) results.stream().filter(ImageResult::rendered).count();
        return new Summary(batch.jobs().size(), images, rendered, results.size() - rendered, done, failed, clipJobs);
    }

    /**
     * Deletes the temp files an executor killed mid-write left beside this run's images ({@code .<name>.png.*.tmp},
     * as {@link ImageFolder#claim} names them). Called once the Spark job has ended, so no attempt of it is writing;
     * a failure inside a live JVM deletes its own temp file.
     */
    static int removeLeftoverTemps(List<ImageTask> tasks, Map<String, String> hadoopSettings) throws IOException {
        Map<String, Set<Pattern>> temps = new HashMap<>();
        for (ImageTask t : tasks) {
            Recipe settings = Recipe.fromJson(t.settings());
            String base = GenerationService.baseName(t.seed(), settings.prompt(), t.label());
            temps.computeIfAbsent(t.outputFolder(), f -> new LinkedHashSet<>())
                    .add(Pattern.compile("\\." + Pattern.quote(base) + "(-[0-9]+)?\\.png\\..*\\.tmp"));
        }
        int removed = 0;
        for (Map.Entry<String, Set<Pattern>> folder : temps.entrySet()) {
            removed += ImageFolder.at(folder.getKey(), hadoopSettings).removeTemps(folder.getValue());
        }
        return removed;
    }
}
