package dev.tessera.ui;

import dev.tessera.generation.diffusion.CancellationToken;
import javafx.concurrent.Task;

/**
 * A background task that drives the sampler: cancelling it marks the task cancelled first and then
 * tells the sampler through {@link #token()}. The other way round, the sampler's own "cancelled"
 * exception could end the task before it is marked cancelled, and the page would report a failure.
 * The thread is never interrupted: that could leave native code mid-call.
 */
public abstract class SamplerTask<T> extends Task<T> {

    private final CancellationToken token = new CancellationToken();

    /** What the sampler watches; {@link #cancel} trips it. */
    protected final CancellationToken token() {
        return token;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(false);
        token.cancel();
        return cancelled;
    }
}
