package dev.tessera.app.generate;

import dev.tessera.generation.acdit.sampling.StepSchedule;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Named speed–quality settings for ACDiT, chosen by measurement (docs/results/sampling.md, where the
 * numbers in {@link #summary} come from): the same three in the CLI ({@code --preset}), the queue and the
 * studio. Quality is the default sampling; the others spend fewer steps on later blocks, which are
 * conditioned on everything before them. The summaries' numbers were measured on the bundled default model,
 * paired against Quality on the same prompts and seeds (two draws of 100), and timed side by side at batch 1.
 * Step caching is not in a preset: on the width-192 default it cost Fast 11 of 132 seen emoji where fewer steps
 * alone cost 1 (it stays a setting of its own, {@code --step-cache}). Fast renders with the model's few-step variant
 * where one is installed beside it ({@link FastVariant}; the default model has one), and with its schedule elsewhere.
 */
public enum Preset {
    QUALITY(StepSchedule.uniform(GenerationRequest.DEFAULT_STEPS), 0,
            "25 steps a block: 100 denoiser calls an image, the reference"),
    BALANCED(StepSchedule.parse("16,8"), 0,
            "16 steps for the first block, 8 for later ones: 40 calls (2.5× fewer), 0.44× Quality's time;"
                    + " on 200 prompts FED +0.8, no seen emoji lost"),
    FAST(StepSchedule.parse("12,6"), 0,
            "the model's few-step variant where one is installed (the default's: 4 steps a block, one branch, 16 calls,"
                    + " 0.16× Quality's time; on ten draws of the trained emoji top-5 +3.8 points, style +3.1, FED −0.3; on"
                    + " never-trained names FED +3.3); for other models 12 steps for the first block, 6 for later ones: 30 calls, 0.34×"
                    + " Quality's time, FED +0.6, 1 of 132 seen emoji lost, style −2.5 points");

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
