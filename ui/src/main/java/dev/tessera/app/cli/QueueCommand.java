package dev.tessera.app.cli;

import dev.tessera.app.AppLocation;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.queue.GenerationServiceRenderer;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.QueueRunner;
import dev.tessera.app.queue.RenderQueue;
import dev.tessera.app.queue.SweepSetting;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.engine.TesseraHome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
        RenderQueue queue = RenderQueue.open(queueDir != null ? queueDir : TesseraHome.current().queue());
        queue.openingProblem().ifPresent(problem -> System.err.println("warning: " + problem));
        return queue;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a job (or a sweep of jobs) to the queue.")
    static final class Add implements Callable<Integer> {
        @ParentCommand QueueCommand parent;

        @Option(names = "--prompt", required = true, description = "what to draw") String prompt;
        @Option(names = "--style", defaultValue = "google", description = "google or twitter (default: ${DEFAULT-VALUE})") String style;
        @Option(names = "--seed", defaultValue = "0", description = "seed of the first image; image i uses seed + i") long seed;
        @Option(names = "--steps", defaultValue = "" + GenerationRequest.DEFAULT_STEPS, description = "denoising steps per block (default: ${DEFAULT-VALUE})") int steps;
        @Option(names = "--cfg", defaultValue = "" + GenerationRequest.DEFAULT_GUIDANCE, description = "guidance scale (default: ${DEFAULT-VALUE})") double cfg;
        @Option(names = "--style-strength", defaultValue = "" + GenerationRequest.DEFAULT_STYLE_STRENGTH, description = "style-contrast guidance, 0 = off (default: ${DEFAULT-VALUE})") double styleStrength;
        @Option(names = "--sampler", defaultValue = "dpm++2m", description = "dpm++2m, ddim or euler (default: ${DEFAULT-VALUE})") String sampler;
        @Option(names = {"-n", "--count"}, defaultValue = "1", description = "images per job (default: ${DEFAULT-VALUE})") int count;
        @Option(names = "--model", description = "model file (default: " + GenerateCommand.DEFAULT_MODEL + ")") Path model;
        @Option(names = "--out", required = true, description = "output folder") Path out;
        @Option(names = "--sweep-seeds", split = ",", description = "one job per seed, e.g. 1,2,3") List<Long> sweepSeeds;
        @Option(names = "--sweep-prompts", split = ";", description = "one job per prompt, e.g. \"cat;dog\"") List<String> sweepPrompts;
        @Option(names = "--sweep", description = "one job per value of a setting, e.g. steps=10,25, cfg=1.5,3, style-strength=0,1 or sampler=ddim,euler") String sweep;

        @Override
        public Integer call() throws Exception {
            GenerationRequest request = new GenerationRequest(prompt, style, seed, steps, cfg, styleStrength,
                    SamplerKind.fromId(sampler), count);
            Path modelFile = model != null ? model : AppLocation.root().resolve(GenerateCommand.DEFAULT_MODEL);
            try (RenderQueue queue = parent.open()) {
                List<Job> added;
                if (sweepSeeds == null && sweepPrompts == null && sweep == null) {
                    added = List.of(queue.add(request, out, modelFile));
                } else {
                    SweepSetting setting = null;
                    List<String> values = List.of();
                    if (sweep != null) {
                        String[] parts = sweep.split("=", 2);
                        if (parts.length != 2) {
                            throw new IllegalArgumentException("--sweep needs name=values, e.g. steps=10,25; got '" + sweep + "'");
                        }
                        setting = SweepSetting.fromName(parts[0]);
                        values = Arrays.stream(parts[1].split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
                    }
                    added = queue.addSweep(request, sweepPrompts, sweepSeeds, setting, values, out, modelFile);
                }
                added.forEach(job -> System.out.println("queued " + job.id() + "  " + describe(job)));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the jobs in queue order.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand QueueCommand parent;

        @Override
        public Integer call() throws Exception {
            try (RenderQueue queue = parent.open()) {
                System.out.println(queue.isPaused() ? "queue: PAUSED" : "queue: ready");
                System.out.printf(Locale.ROOT, "%-3s %-36s %-10s %-7s %s%n", "#", "id", "state", "images", "request");
                int n = 1;
                for (Job job : queue.jobs()) {
                    String state = job.state().name() + (job.interrupted() ? "*" : "");
                    System.out.printf(Locale.ROOT, "%-3d %-36s %-10s %-7s %s%n", n++, job.id(), state,
                            job.outputs().size() + "/" + job.request().count(), describe(job));
                    if (job.state() instanceof JobState.Failed failed) {
                        System.out.println("    failed: " + failed.message());
                    }
                }
                if (queue.jobs().stream().anyMatch(Job::interrupted)) {
                    System.out.println("* interrupted by a crash; it resumes with the images it is missing");
                }
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Render pending jobs until the queue is empty or paused, then exit.")
    static final class Run implements Callable<Integer> {
        @ParentCommand QueueCommand parent;

        @Override
        public Integer call() throws Exception {
            // Ctrl-C requeues the running job with its finished images and closes the queue cleanly.
            try (StopOnShutdown stop = StopOnShutdown.install()) {
                return stop.run(() -> runQueue(stop));
            }
        }

        private int runQueue(StopOnShutdown stop) throws Exception {
            try (RenderQueue queue = parent.open(); RenderLane lane = new RenderLane()) {
                if (queue.isPaused()) {
                    System.out.println("the queue is paused; run 'tessera queue resume' first");
                    return 0;
                }
                QueueRunner runner = new QueueRunner(queue, new GenerationServiceRenderer(lane));
                stop.onSignal(runner::requestStop);
                int ran = runner.runUntilIdle();
                if (stop.signalled()) {
                    System.out.println("stopped; the job under way is pending again with the images it had finished");
                }
                System.out.println("ran " + ran + " job(s)" + (queue.isPaused() ? "; the queue is paused" : ""));
                long failed = queue.jobs().stream().filter(j -> j.state() instanceof JobState.Failed).count();
                return failed > 0 ? 1 : 0;
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Take no new job until resumed.")
    static final class Pause implements Callable<Integer> {
        @ParentCommand QueueCommand parent;

        @Override
        public Integer call() throws Exception {
            try (RenderQueue queue = parent.open()) {
                queue.pause();
                System.out.println("queue paused");
            }
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Let the queue take jobs again.")
    static final class Resume implements Callable<Integer> {
        @ParentCommand QueueCommand parent;

        @Override
        public Integer call() throws Exception {
            try (RenderQueue queue = parent.open()) {
                queue.resume();
                System.out.println("queue resumed");
            }
            return 0;
        }
    }

    static String describe(Job job) {
        GenerationRequest r = job.request();
        return String.format(Locale.ROOT, "\"%s\" %s seed %d, %d steps, cfg %s, %s -> %s", r.prompt(), r.style(),
                r.seed(), r.steps(), r.guidance(), r.sampler().id(), job.outputFolder());
    }
}
