package dev.tessera.compression.distill;

import java.time.Duration;

/** How long distillation runs: a number of steps, or a wall-clock time turned into steps after timing the first few. */
public sealed interface DistillationBudget {

    /** Exactly {@code steps} steps: the same run on any machine. */
    record Steps(long steps) implements DistillationBudget {
        public Steps {
            if (steps < 1) {
                throw new IllegalArgumentException("distillation needs at least one step, got " + steps);
            }
        }
    }

    /** As many steps as fit in {@code time} at the speed of the first steps; stops at 1.25 × the time whatever happens. */
    record Time(Duration time) implements DistillationBudget {
        public Time {
            if (time.isNegative() || time.isZero()) {
                throw new IllegalArgumentException("distillation needs a positive time, got " + time);
            }
        }
    }

    static DistillationBudget minutes(double minutes) {
        if (!(minutes > 0) || Double.isInfinite(minutes)) {
            throw new IllegalArgumentException("distillation minutes must be > 0, got " + minutes);
        }
        return new Time(Duration.ofMillis(Math.round(minutes * 60_000)));
    }
}
