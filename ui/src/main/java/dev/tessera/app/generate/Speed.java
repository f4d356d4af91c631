package dev.tessera.app.generate;

import dev.tessera.generation.acdit.model.StepCache;
import dev.tessera.generation.acdit.sampling.StepSchedule;

/**
 * How an ACDiT request trades quality for time (docs/results/sampling.md): steps per block position and
 * step caching, and the preset they came from, if any (recorded so a person sees what they chose; replay
 * uses the settings themselves, so a preset retuned later still replays old images exactly).
 *
 * @param schedule  steps per block position; null: every block takes the request's steps
 * @param stepCache step-cache threshold (relative input change below which a layer is skipped); 0 = off
 * @param preset    the preset that set these, or null when they were set by hand (or are the defaults)
 */
public record Speed(StepSchedule schedule, double stepCache, Preset preset) {

    /** Every block the request's steps, no step caching: how every image was made before issue 25. */
    public static final Speed DEFAULT = new Speed(null, 0, null);

    public Speed {
        StepCache.checkThreshold(stepCache);
    }

    /** The settings of {@code preset}, recorded as coming from it. */
    public static Speed of(Preset preset) {
        return new Speed(preset.schedule(), preset.stepCache(), preset);
    }

    /** Whether this changes anything from plain uniform steps. */
    public boolean isDefault() {
        return schedule == null && stepCache == 0;
    }

    /**
     * How steps read for a person wherever a request or recipe is listed: "25 steps", "16,8 steps (balanced)",
     * "25 steps, step cache 0.1". A schedule's first number alone would hide that later blocks take fewer.
     *
     * @param steps     steps per block position as {@link StepSchedule#toString()} writes them, or one number
     * @param stepCache the step-cache threshold, 0 when off
     * @param preset    the preset's id, or null when set by hand
     */
    public static String describe(String steps, double stepCache, String preset) {
        return steps + " steps" + (preset == null ? "" : " (" + preset + ")")
                + (stepCache == 0 ? "" : ", step cache " + RequestText.number(stepCache));
    }
}
