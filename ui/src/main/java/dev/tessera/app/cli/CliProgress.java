package dev.tessera.app.cli;

import dev.tessera.app.ReadableDurations;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobProgress;
import dev.tessera.app.queue.QueueListener;
import dev.tessera.app.queue.QueueSnapshot;
import dev.tessera.generation.acdit.sampling.BlockListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What {@code generate} and {@code queue run} show while they render: one bar a job on stderr, with
 * the time left (me.tongfei:progressbar, as training's bar), and one summary line at the end. Bars
 * are drawn only in a terminal; {@code --quiet} turns off bars and summary, so stdout's "wrote"
 * lines are all there is.
 *
 * <pre>{@code
 * CliProgress progress = CliProgress.forTerminal(quiet);
 * try (CliProgress.JobBar bar = progress.job("cat face, 4 images")) {
 *     service.render(request, bar, cancellation);   // a JobBar is a BlockListener
 * }
 * progress.summary("generated 4 images in 12 s");
 * }</pre>
 */
final class CliProgress {

    private final boolean drawBars;
    /** Where bars are drawn: null for the library's console consumer on stderr (redrawn in place in a terminal). */
    private final Supplier<ProgressBarConsumer> consumer;
    /** Where the summary goes; null for nowhere. */
    private final PrintStream summaries;

    CliProgress(boolean drawBars, Supplier<ProgressBarConsumer> consumer, PrintStream summaries) {
        this.drawBars = drawBars;
        this.consumer = consumer;
        this.summaries = summaries;
    }

    /**
     * Bars when stdin and stdout are a terminal ({@link System#console()}) and not {@code quiet};
     * the summary on stderr unless {@code quiet}.
     */
    static CliProgress forTerminal(boolean quiet) {
        return new CliProgress(!quiet && System.console() != null, null, quiet ? null : System.err);
    }

    /** A bar over one job's denoising steps, drawn from the first step (so the time left leaves out loading). */
    JobBar job(String name) {
        return new JobBar(drawBars ? builder(name) : null);
    }

    /** Follows a queue run: a bar for whichever job is running (in tenths of a percent), closed when it ends. */
    QueueBars queue(int jobsToRun) {
        return new QueueBars(jobsToRun);
    }

    /** One line on stderr after the work (nothing with --quiet). */
    void summary(String line) {
        if (summaries != null) {
            summaries.println(line);
        }
    }

    private ProgressBarBuilder builder(String name) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(name).setStyle(ProgressBarStyle.ASCII)
                .setMaxRenderedLength(100).setUpdateIntervalMillis(250).setSpeedUnit(ChronoUnit.SECONDS);
        return consumer == null ? builder : builder.setConsumer(consumer.get());
    }

    /** "cat face, 4 images" */
    static String describe(GenerationRequest request) {
        return request.prompt() + (request.count() == 1 ? "" : ", " + request.count() + " images");
    }

    /** "generated 4 images in 12 s (loading 3 s, then 2.3 s an image)" */
    static String generated(int images, Duration loading, Duration rendering) {
        return summary(images + (images == 1 ? " image" : " images"), "an image", images, loading, rendering);
    }

    /** "generated a clip of 48 frames in 40 s (loading 3 s, then 0.8 s a frame)" */
    static String generatedClip(int frames, Duration loading, Duration rendering) {
        return summary("a clip of " + frames + " frames", "a frame", frames, loading, rendering);
    }

    private static String summary(String what, String each, int units, Duration loading, Duration rendering) {
        return String.format(Locale.ROOT, "generated %s in %s (loading %s, then %.1f s %s)", what,
                ReadableDurations.of(loading.plus(rendering)), ReadableDurations.of(loading),
                rendering.toMillis() / 1000.0 / Math.max(1, units), each);
    }

    /** A bar over the steps of one render: blocks × steps a block. */
    static final class JobBar implements BlockListener, AutoCloseable {
        private final ProgressBarBuilder builder;
        private ProgressBar bar;

        private JobBar(ProgressBarBuilder builder) {
            this.builder = builder;
        }

        @Override
        public void onStep(BlockStep step) {
            if (builder == null) {
                return;
            }
            long done = step.stepsDone();
            long total = step.imageSteps();
            if (bar == null) {
                bar = builder.setInitialMax(total).setUnit(" steps", 1).showSpeed().build();
            }
            bar.maxHint(Math.max(total, done));
            bar.stepTo(done);
        }

        @Override
        public boolean wantsPreviews() {
            return false;
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /**
     * A queue listener: opens a bar when a job starts reporting progress and closes it when the job
     * ends. It is called on the runner thread, under the queue's lock; drawing happens on the bar's own thread.
     */
    final class QueueBars implements QueueListener, AutoCloseable {
        private final int jobsToRun;
        private int started;
        private String jobId;
        private ProgressBar bar;

        private QueueBars(int jobsToRun) {
            this.jobsToRun = jobsToRun;
        }

        @Override
        public synchronized void queueChanged(QueueSnapshot snapshot) {
            Optional<JobProgress> progress = snapshot.progress();
            if (progress.isEmpty()) {
                close();
                return;
            }
            long perMille = Math.round(progress.get().fraction() * 1000);
            if (!progress.get().jobId().equals(jobId)) {
                close();
                jobId = progress.get().jobId();
                started++;
                if (drawBars) {
                    String prompt = snapshot.jobs().stream().filter(j -> j.id().equals(jobId)).findFirst()
                            .map(Job::request).map(CliProgress::describe).orElse("");
                    // A job resumed with some images done starts from them, so its time left is not skewed.
                    bar = builder("job " + started + "/" + jobsToRun + " " + prompt).setInitialMax(1000)
                            .setUnit("%", 10).startsFrom(perMille, Duration.ZERO).build();
                }
            }
            if (bar != null) {
                bar.stepTo(perMille);
            }
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            jobId = null;
        }
    }
}
