package dev.tessera.generation.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a run draws its batches: the {@code sampling} field of a training config. */
public enum BatchSampling {
    /** Every example once per epoch, in a fresh seeded order each epoch. */
    UNIFORM,
    /**
     * Every group equally often, then a member of it (with replacement). For emoji a group is one
     * base emoji with its skin-tone variants in every style, so the 1,875 skin-tone variants no longer
     * take most of the batches.
     */
    BALANCED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BatchSampling fromId(String id) {
        for (BatchSampling s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("sampling must be one of "
                + Arrays.stream(values()).map(BatchSampling::id).collect(Collectors.joining(", ")) + ", was '" + id + "'");
    }
}
