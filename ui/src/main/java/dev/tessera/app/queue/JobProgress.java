package dev.tessera.app.queue;

import java.time.Duration;
import java.util.Optional;

/**
 * Progress of the running job.
 *
 * @param fraction  0..1 of the whole job (finished images count fully)
 * @param elapsed   time since this run of the job started
 * @param remaining estimate from the elapsed time and the fraction done in this run; empty until
 *                  there is something to extrapolate from
 */
public record JobProgress(String jobId, double fraction, Duration elapsed, Optional<Duration> remaining) {

    /** Estimates the remaining time by assuming the rest goes as fast as what this run did so far. */
    static JobProgress of(String jobId, double startFraction, double fraction, Duration elapsed) {
        double doneThisRun = fraction - startFraction;
        Optional<Duration> remaining = Optional.empty();
        if (doneThisRun > 1e-6) {
            double seconds = elapsed.toNanos() / 1e9 / doneThisRun * (1 - fraction);
            remaining = Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        }
        return new JobProgress(jobId, Math.min(1, Math.max(0, fraction)), elapsed, remaining);
    }
}
