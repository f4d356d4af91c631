package dev.tessera.app.cli;

import dev.tessera.app.ReadableDurations;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.PromptNote;
import dev.tessera.app.generate.PromptWarmUp;
import dev.tessera.app.video.ClipSettings;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.app.generate.Speed;
import dev.tessera.app.generate.RequestValidation.Checked;
import dev.tessera.app.queue.GenerationServiceRenderer;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobOutput;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.QueueInUseException;
import dev.tessera.app.queue.QueueRunner;
import dev.tessera.app.queue.QueueSnapshot;
import dev.tessera.app.queue.RenderQueue;
import dev.tessera.app.queue.SweepSetting;
import dev.tessera.generation.engine.TesseraHome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tessera queue}: the studio's persistent render queue from the command line. */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "The persistent render queue (shared with the studio).",
        subcommands = {QueueCommand.Add.class, QueueCommand.ListJobs.class, QueueCommand.Run.class,
                QueueCommand.Pause.class, QueueCommand.Resume.class})
public final class QueueCommand implements Runnable {

    @Option(names = "--queue-dir", description = "queue folder (default: the Tessera data folder's queue)")
    Path queueDir;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    RenderQueue open() throws IOException {
        if (queueDir != null) {
            RequestValidation.outputFolder(queueDir).message().ifPresent(m -> {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--queue-dir: " + m.replace("Output folder", "Queue folder"));
            });
        }
        RenderQueue queue = RenderQueue.open(queueDir != null ? queueDir : TesseraHome.current().queue());
        queue.openingProblem().ifPresent(problem -> System.err.println("warning: " + problem));
        return queue;
    }

    /** What a sub-command did to the queue: the lines to print and the exit code. */
    record Outcome(List<String> lines, int exitCode) {
        static Outcome done(List<String> lines) {
            return new Outcome(lines, 0);
        }

        static Outcome done(String line) {
            return done(List.of(line));
        }
    }

    /**
     * A sub-command that acts on the queue: it checks its options, opens the queue (warning about a
     * problem found while opening), acts, prints the outcome and closes the queue again.
     */
    abstract static class QueueAction implements Callable<Integer> {
        @ParentCommand QueueCommand parent;

        /** Refuses bad options before the queue is opened; nothing to check by default. */
        void checkOptions() {}

        abstract Outcome act(RenderQueue queue) throws Exception;

        @Override
        public Integer call() throws Exception {
            checkOptions();
            try (RenderQueue queue = parent.open()) {
                Outcome outcome = act(queue);
                outcome.lines().forEach(System.out::println);
                return outcome.exitCode();
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a job (or a sweep of jobs) to the queue.")
    static final class Add extends QueueAction {
        @Mixin RequestOptions options;
        @Mixin ClipOptions clip;
        @Option(names = "--sweep-seeds", split = ",", description = "one job per seed, e.g. 1,2,3") List<String> sweepSeeds;
        @Option(names = "--sweep-prompts", split = PromptLists.SEPARATOR,
                description = "one job per prompt, " + PromptLists.HOW + ", e.g. \"cat face;rocket\"") List<String> sweepPrompts;
        @Option(names = "--sweep", description = "one job per value of a setting, e.g. steps=10,25, cfg=1.5,3, style-strength=0,1 or sampler=ddim,euler") String sweep;

        private GenerationRequest request;
        private ClipSettings clipSettings;
        private List<String> prompts;
        private List<Long> seeds;
        private SweepSetting setting;
        private List<String> values = List.of();

        /**
         * Every value, the sweeps' included, follows the rule of the field it fills. A sweep value's
         * message names --sweep, as the base option of the same name is checked too.
         */
        @Override
        void checkOptions() {
            options.forVideo(clip.video);
            RequestValidation.Result checked = options.check();
            List<String> problems = new ArrayList<>(checked.messages());
            problems.addAll(options.destinationProblems(clip.video && !ClipOptions.isFramesFolder(options.out)));
            prompts = checkEach(sweepPrompts, RequestValidation::prompt, problems);
            seeds = checkEach(sweepSeeds, RequestValidation::seed, problems);
            if (sweep != null) {
                String[] parts = sweep.split("=", 2);
                values = parts.length == 2 ? Arrays.stream(parts[1].split(",")).map(String::strip)
                        .filter(v -> !v.isEmpty()).toList() : List.of();
                if (values.isEmpty()) {
                    problems.add("--sweep needs name=values, e.g. steps=10,25; got '" + sweep + "'");
                } else {
                    try {
                        setting = SweepSetting.fromName(parts[0]);
                        values.forEach(v -> setting.check(v).message().ifPresent(m -> problems.add("--sweep: " + m)));
                    } catch (IllegalArgumentException e) {
                        problems.add(e.getMessage());
                    }
                }
            }
            if (clip.video && clip.frames == null) {
                problems.add("--video in the queue needs --frames (the model is opened only when the job runs)");
            } else {
                clipSettings = clip.settings(0, problems).orElse(null);
            }
            Speed speed = Speed.DEFAULT;
            try {
                speed = options.speed();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            if (!problems.isEmpty()) {
                throw options.refused(problems);
            }
            request = checked.request().orElseThrow();
            if (!speed.isDefault() || speed.preset() != null) {
                request = request.withSpeed(speed);
            }
        }

        private static <T> List<T> checkEach(List<String> texts, Function<String, Checked<T>> rule, List<String> problems) {
            List<T> valid = new ArrayList<>();
            for (String text : texts == null ? List.<String>of() : texts) {
                Checked<T> checked = rule.apply(text);
                checked.message().ifPresentOrElse(problems::add, () -> valid.add(checked.orElseThrow()));
            }
            return valid;
        }

        @Override
        Outcome act(RenderQueue queue) {
            // Without sweep options this is one job: the base request's prompt and seed.
            List<Job> added = queue.addSweep(request, clipSettings, prompts, seeds, setting, values, options.out,
                    options.modelFile());
            // A note, not a refusal: the jobs are queued all the same.
            (prompts.isEmpty() ? List.of(request.prompt()) : prompts).forEach(prompt -> PromptNote.of(prompt)
                    .ifPresent(note -> System.err.println("note: \"" + prompt + "\": " + note)));
            return Outcome.done(added.stream().map(job -> "queued " + job.id() + "  " + describe(job)).toList());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show the jobs in queue order (also while the studio or a queue run has the queue open).")
    static final class ListJobs extends QueueAction {

        /** Listing only reads: when another process holds the queue, it reads the journal without the lock. */
        @Override
        public Integer call() throws Exception {
            try {
                return super.call();
            } catch (QueueInUseException inUse) {
                QueueSnapshot snapshot = RenderQueue.readWithoutLock(inUse.folder());
                System.out.println("(open in " + inUse.holderPid().stream().mapToObj(pid -> "process " + pid)
                        .findFirst().orElse("another process") + "; the list as it was saved last)");
                lines(snapshot.jobs(), snapshot.paused()).forEach(System.out::println);
                return 0;
            }
        }

        @Override
        Outcome act(RenderQueue queue) {
            return Outcome.done(lines(queue.jobs(), queue.isPaused()));
        }

        private static List<String> lines(List<Job> jobs, boolean paused) {
            List<String> lines = new ArrayList<>();
            lines.add(paused ? "queue: PAUSED" : "queue: ready");
            lines.add(String.format(Locale.ROOT, "%-3s %-36s %-10s %-7s %s", "#", "id", "state", "images", "request"));
            int n = 1;
            for (Job job : jobs) {
                String state = job.state().name() + (job.interrupted() ? "*" : "");
                lines.add(String.format(Locale.ROOT, "%-3d %-36s %-10s %-7s %s", n++, job.id(), state,
                        job.outputs().size() + "/" + job.request().count(), describe(job)));
                if (job.state() instanceof JobState.Failed failed) {
                    lines.add("    failed: " + failed.message());
                }
                Set<String> elsewhere = job.outputs().stream().map(JobOutput::folder)
                        .filter(f -> !f.equals(job.outputFolder().toAbsolutePath().toString()))
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                if (!elsewhere.isEmpty()) { // a Spark run with --out wrote them
                    lines.add("    images in " + String.join(", ", elsewhere));
                }
            }
            if (jobs.stream().anyMatch(Job::interrupted)) {
                lines.add("* interrupted by a crash; it resumes with the images it is missing");
            }
            return lines;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Render pending jobs until the queue is empty or paused, then exit.")
    static final class Run extends QueueAction {
        @Option(names = {"-q", "--quiet"}, description = "no progress bars on stderr")
        boolean quiet;
        private StopOnShutdown stop;

        @Override
        public Integer call() throws Exception {
            // Ctrl-C requeues the running job with its finished images and closes the queue cleanly.
            try (StopOnShutdown installed = StopOnShutdown.install()) {
                stop = installed;
                return installed.run(super::call);
            }
        }

        @Override
        Outcome act(RenderQueue queue) throws Exception {
            if (queue.isPaused()) {
                return Outcome.done("the queue is paused; run 'tessera queue resume' first");
            }
            CliProgress progress = CliProgress.forTerminal(quiet);
            int imagesBefore = imagesIn(queue);
            long start = System.nanoTime();
            int finished;
            // The first job's prompt encoder loads beside its model (PromptWarmUp).
            String firstPrompt = queue.jobs().stream().filter(j -> j.state() instanceof JobState.Pending).findFirst()
                    .map(j -> j.request().prompt()).orElse("");
            try (PromptWarmUp warmUp = PromptWarmUp.start(firstPrompt);
                    RenderLane lane = new RenderLane();
                    CliProgress.QueueBars bars = progress.queue(
                            (int) queue.jobs().stream().filter(j -> j.state() instanceof JobState.Pending).count())) {
                QueueRunner runner = new QueueRunner(queue, new GenerationServiceRenderer(lane));
                stop.onSignal(runner::requestStop);
                queue.addListener(bars);
                try {
                    finished = runner.runUntilIdle();
                } finally {
                    queue.removeListener(bars);
                }
            }
            List<String> lines = new ArrayList<>();
            if (stop.signalled()) {
                lines.add("stopped; the job under way is pending again with the images it had finished");
            }
            lines.add("finished " + finished + " job(s), " + (imagesIn(queue) - imagesBefore) + " image(s) in "
                    + ReadableDurations.of(Duration.ofNanos(System.nanoTime() - start))
                    + (queue.isPaused() ? "; the queue is paused" : ""));
            long failed = queue.jobs().stream().filter(j -> j.state() instanceof JobState.Failed).count();
            return new Outcome(lines, failed > 0 ? 1 : 0);
        }

        private static int imagesIn(RenderQueue queue) {
            return queue.jobs().stream().mapToInt(j -> j.outputs().size()).sum();
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Take no new job until resumed.")
    static final class Pause extends QueueAction {
        @Override
        Outcome act(RenderQueue queue) {
            queue.pause();
            return Outcome.done("queue paused");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Let the queue take jobs again.")
    static final class Resume extends QueueAction {
        @Override
        Outcome act(RenderQueue queue) {
            queue.resume();
            return Outcome.done("queue resumed");
        }
    }

    static String describe(Job job) {
        GenerationRequest r = job.request();
        String clip = job.clip() == null ? "" : String.format(Locale.ROOT, ", clip of %d frames at %s fps%s",
                job.clip().frames(), job.clip().fps(), job.clip().still() ? ", opening with a still" : "");
        String negative = r.negativePrompt().isEmpty() ? "" : ", negative \"" + r.negativePrompt() + "\"";
        String init = r.init() == null ? "" : ", " + r.init().describe();
        return String.format(Locale.ROOT, "\"%s\" %s seed %d, %s, cfg %s, %s%s%s%s -> %s", r.prompt(), r.style(),
                r.seed(), r.describeSteps(), r.guidance(), r.sampler().id(), negative, init, clip, job.outputFolder());
    }
}
