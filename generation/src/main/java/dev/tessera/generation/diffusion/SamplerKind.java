package dev.tessera.generation.diffusion;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** The samplers a user can pick, with their stable ids for settings, recipes and the CLI. */
public enum SamplerKind {
    DPM_SOLVER_PP_2M("dpm++2m", DpmSolverPlusPlus2M::of),
    DDIM("ddim", DdimSampler::of),
    EULER("euler", EulerSampler::of);

    private final String id;
    private final Function<NoiseSchedule, Sampler> factory;

    SamplerKind(String id, Function<NoiseSchedule, Sampler> factory) {
        this.id = id;
        this.factory = factory;
    }

    /** The project's default (docs/diffusion-core.md). */
    public static SamplerKind defaultKind() {
        return DPM_SOLVER_PP_2M;
    }

    public String id() {
        return id;
    }

    /** This sampler with its default timestep spacing. */
    public Sampler create(NoiseSchedule schedule) {
        return factory.apply(schedule);
    }

    /** Parses an id such as "dpm++2m", case-insensitively, with a message listing the valid ids. */
    public static SamplerKind fromId(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (SamplerKind kind : values()) {
            if (kind.id.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown sampler '" + text + "'; choose one of "
                + Arrays.stream(values()).map(SamplerKind::id).toList());
    }
}
