package dev.tessera.app.cli;

import dev.tessera.generation.diffusion.CancellationToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C or SIGTERM into a stop request to the work under way and holds the JVM's exit
 * until that work has stopped and its resources are closed. Without it the JVM exits under a
 * thread that is still inside libtorch: the process dies with a SIGSEGV (in
 * at::accelerator::getAccelerator during backward, seen four times), a training run loses the
 * steps since its last checkpoint and a queue looks crashed.
 *
 * <p>It holds back the exit, not other libraries' shutdown hooks, which run beside it: ONNX
 * Runtime's releases its native environment at once, so the prompt encoder keeps a reference to
 * that environment until the process exits ({@code OnnxEnvironmentPin}).
 *
 * <p>Open it before the resources the work uses, so it closes after them.
 */
final class StopOnShutdown implements AutoCloseable {

    /** Long enough for a training step and a checkpoint of the largest model, or a model to load. */
    static final Duration GRACE = Duration.ofSeconds(30);

    /** 128 + SIGTERM, what the JVM exits with after a stop signal anyway. */
    static final int STOPPED_EXIT_CODE = 143;

    /**
     * What a stop during start-up prints. The failure itself (often an ExceptionInInitializerError from
     * a library that refuses to load while the JVM shuts down) is a consequence of the signal, not news.
     */
    static final String STOPPED_WHILE_STARTING = "stopped by a signal while starting up (loading the model, the data "
            + "or the prompt encoder)";

    private final CountDownLatch workStopped = new CountDownLatch(1);
    private final List<Runnable> stopActions = new ArrayList<>();
    private final Thread hook;
    private boolean signalled;

    private StopOnShutdown() {
        this.hook = new Thread(this::stopAndWait, "tessera-stop-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static StopOnShutdown install() {
        return new StopOnShutdown();
    }

    /** Work that stops between sampler steps once its cancellation token is cancelled; returns an exit code. */
    interface CancellableWork {
        int run(CancellationToken cancellation) throws Exception;
    }

    /**
     * Runs {@code work} with a token that a stop signal cancels, so Ctrl-C ends it between sampler
     * steps instead of exiting under a thread inside libtorch (see {@link #run}).
     */
    static int runCancellable(CancellableWork work) throws Exception {
        CancellationToken cancellation = new CancellationToken();
        try (StopOnShutdown stop = install()) {
            stop.onSignal(cancellation::cancel);
            return stop.run(() -> work.run(cancellation));
        }
    }

    /** What a stop signal does (cancel a token, ask a runner to stop); run at once if the signal came already. */
    synchronized void onSignal(Runnable stopAction) {
        if (signalled) {
            stopAction.run();
        } else {
            stopActions.add(stopAction);
        }
    }

    /** Whether a stop signal has come. */
    synchronized boolean signalled() {
        return signalled;
    }

    /**
     * Runs the command's work and returns its exit code. After a stop signal a failure reads as a
     * stop, not a crash: work that is still starting up fails because the JVM is shutting down (the
     * prompt encoder refuses to load then, as ONNX Runtime's own shutdown hook has released its
     * environment; see {@code OnnxEnvironmentPin}).
     */
    int run(Callable<Integer> work) throws Exception {
        try {
            return work.call();
        } catch (Exception | Error e) {
            if (!signalled()) {
                throw e;
            }
            System.err.println(STOPPED_WHILE_STARTING);
            return STOPPED_EXIT_CODE;
        }
    }

    private void stopAndWait() {
        synchronized (this) {
            signalled = true;
            stopActions.forEach(Runnable::run);
        }
        try {
            if (!workStopped.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("still working " + GRACE.toSeconds() + " s after the stop signal; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
