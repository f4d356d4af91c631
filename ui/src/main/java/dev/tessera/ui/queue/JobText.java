package dev.tessera.ui.queue;

import dev.tessera.app.ReadableDurations;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.RequestText;
import dev.tessera.generation.diffusion.SamplerKind;
import java.time.Duration;
import java.util.Locale;

/** How jobs, samplers and durations read in the queue view. */
final class JobText {

    private JobText() {}

    static String state(Job job) {
        String name = switch (job.state().name()) {
            case "PENDING" -> "Pending";
            case "RUNNING" -> "Running";
            case "DONE" -> "Done";
            case "CANCELLED" -> "Cancelled";
            default -> "Failed";
        };
        return job.interrupted() && job.state() instanceof JobState.Pending ? name + " (interrupted)" : name;
    }

    static String seeds(GenerationRequest r) {
        return r.count() == 1 ? Long.toString(r.seed())
                : r.seed() + "–" + r.seedOf(r.count() - 1) + " (" + r.count() + " images)";
    }

    /**
     * "25 steps · cfg 3 · style 1 · DPM++ 2M · google · not “sad”" ("16,8 steps (balanced) · …" for a schedule); style
     * strength only when it is on, the negative prompt only when there is one.
     */
    static String settings(GenerationRequest r) {
        String styleStrength = r.styleStrength() == 0 ? "" : " · style " + RequestText.number(r.styleStrength());
        String negative = r.negativePrompt().isEmpty() ? "" : " · not “" + r.negativePrompt() + "”";
        String init = r.init() == null ? "" : " · " + r.init().describe();
        return String.format(Locale.ROOT, "%s · cfg %s%s · %s · %s%s%s", r.describeSteps(), RequestText.number(r.guidance()),
                styleStrength, sampler(r.sampler()), r.style(), negative, init);
    }

    static String sampler(SamplerKind kind) {
        return switch (kind) {
            case DPM_SOLVER_PP_2M -> "DPM++ 2M";
            case DDIM -> "DDIM";
            case EULER -> "Euler";
        };
    }

    /** The job's label in messages: its position and prompt. */
    static String label(int position, Job job) {
        String prompt = job.request().prompt().isEmpty() ? "(no prompt)" : job.request().prompt();
        return "job " + position + " “" + prompt + "”";
    }

    /** Rounded for reading: "45 s", "3 min 10 s", "1 h 5 min" (see {@link ReadableDurations}). */
    static String duration(Duration d) {
        return ReadableDurations.of(d);
    }

    static String detail(Job job) {
        StringBuilder text = new StringBuilder();
        if (job.state() instanceof JobState.Failed failed) {
            text.append("Failed: ").append(failed.message()).append('\n');
        }
        if (job.interrupted()) {
            text.append("Interrupted by a crash; it renders only the images it is missing.\n");
        }
        text.append(job.outputs().size()).append(" of ").append(job.request().count()).append(" images done\n");
        text.append("Output: ").append(job.outputFolder()).append('\n');
        text.append("Model: ").append(job.modelFile().getFileName());
        return text.toString();
    }
}
