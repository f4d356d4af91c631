package dev.tessera.app.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C or SIGTERM into an interrupt of the thread doing the work and holds the JVM's exit
 * until that work has stopped. Without it the JVM exits under a thread that is still inside
 * libtorch: the process dies with a SIGSEGV (in at::accelerator::getAccelerator during backward,
 * seen four times) and a training run loses the steps since its last checkpoint.
 */
final class InterruptOnShutdown implements AutoCloseable {

    private final CountDownLatch workStopped = new CountDownLatch(1);
    private final Thread hook;

    private InterruptOnShutdown(Thread worker, Duration grace) {
        this.hook = new Thread(() -> {
            worker.interrupt();
            try {
                if (!workStopped.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("still working " + grace.toSeconds() + " s after the stop signal; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tessera-stop-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Interrupts the calling thread on Ctrl-C or SIGTERM and lets it work up to {@code grace} before the JVM exits. */
    static InterruptOnShutdown forCurrentThread(Duration grace) {
        return new InterruptOnShutdown(Thread.currentThread(), grace);
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
