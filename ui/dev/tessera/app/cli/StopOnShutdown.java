package dev.tessera.app.cli;

import dev.tessera.generation.diffusion.CancellationToken;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C or SIGTERM into a stop request to the work under way and holds the JVM's exit
 * until that work has stopped. Without it the JVM exits under a thread that is still inside
 * libtorch: the process dies with a SIGSEGV (in at::accelerator::getAccelerator during backward,
 * seen four times) and a training run loses the steps since its last checkpoint.
 */
final class StopOnShutdown implements AutoCloseable {

    /** Long enough for a training step and a checkpoint of the largest model, or a model to load. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final CountDownLatch workStopped = new CountDownLatch(1);
    private final Thread hook;

    private StopOnShutdown(Runnable requestStop) {
        this.hook = new Thread(() -> {
            requestStop.run();
            try {
                if (!workStopped.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("still working " + GRACE.toSeconds() + " s after the stop signal; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tessera-stop-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** On a stop signal, interrupts the calling thread (the trainer stops on interrupt, with a checkpoint). */
    static StopOnShutdown interruptingCurrentThread() {
        return new StopOnShutdown(Thread.currentThread()::interrupt);
    }

    /** On a stop signal, cancels the token (the sampler stops before its next step, writing nothing). */
    static StopOnShutdown cancelling(CancellationToken token) {
        return new StopOnShutdown(token::cancel);
    }

    /** The work has stopped: an exit under way may go on, and a later one need not wait. */
    @Override
    public void close() {
        workStopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exitUnderWay) {
            // The hook is running; it returns now that the work has stopped.
        }
    }
}
