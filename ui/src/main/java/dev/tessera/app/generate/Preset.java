package dev.tessera.app.generate;

import dev.tessera.generation.acdit.sampling.StepSchedule;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Named speed–quality settings for ACDiT, chosen by measurement (docs/results/sampling.md, where the
 * numbers in {@link #summary} come from): the same three in the CLI ({@code --preset}), the queue and the
 * studio. Quality is the default sampling; the others spend fewer steps on later blocks, which are
 * conditioned on everything before them, and Fast also skips layers whose input barely moved (step caching).
 * The summaries' quality numbers are paired against Quality on the same 100 prompts and seeds.
 */
public enum Preset {
    QUALITY(StepSchedule.uniform(GenerationRequest.DEFAULT_STEPS), 0,
            "25 steps a block: 100 denoiser calls an image, the reference"),
    BALANCED(StepSchedule.parse("16,8"), 0,
            "16 steps for the first block, 8 for later ones: 40 calls (2.5× fewer); on 100 prompts FED +1.5,"
                    + " identity top-5 −3 points, within noise"),
    FAST(StepSchedule.parse("16,8"), 0.1,
            "Balanced's steps with step caching 0.1: 40 calls, 39 % of layer runs skipped; on 100 prompts"
                    + " FED −1.3, identity top-5 +3 points, within noise");

    private final StepSchedule schedule;
    private final double stepCache;
    private final String summary;

    Preset(StepSchedule schedule, double stepCache, String summary) {
        this.schedule = schedule;
        this.stepCache = stepCache;
        this.summary = summary;
    }

    public StepSchedule schedule() {
        return schedule;
    }

    public double stepCache() {
        return stepCache;
    }

    /** What it does and what it was measured to cost, for a tooltip or {@code --help}. */
    public String summary() {
        return summary;
    }

    /** The lower-case name the CLI, recipes and queue files use: quality, balanced, fast. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset named {@code id} (any case); an error listing the three otherwise. */
    public static Preset fromId(String id) {
        String wanted = id == null ? "" : id.strip();
        return Arrays.stream(values()).filter(p -> p.id().equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown preset \"" + wanted + "\": choose "
                        + Arrays.stream(values()).map(Preset::id).collect(Collectors.joining(", "))));
    }
}
