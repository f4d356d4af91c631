package dev.tessera.generation.diffusion;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag another thread (the UI, the queue) sets to stop a running job between model calls. */
public final class CancellationToken {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** A token nobody can cancel, for callers that do not need cancellation. */
    public static CancellationToken none() {
        return new CancellationToken();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link SamplingCancelledException} if {@link #cancel()} was called. */
    public void throwIfCancelled(int step, int totalSteps) {
        if (cancelled.get()) {
            throw new SamplingCancelledException(step, totalSteps);
        }
    }
}
