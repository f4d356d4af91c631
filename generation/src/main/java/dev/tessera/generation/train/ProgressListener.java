package dev.tessera.generation.train;

/** Hears about a run's progress; {@link #NONE} for tests and background jobs. */
public interface ProgressListener extends AutoCloseable {

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void started(long fromStep, long totalSteps) {}

        @Override
        public void stepDone(long stepsDone, float loss, double learningRate) {}
    };

    void started(long fromStep, long totalSteps);

    void stepDone(long stepsDone, float loss, double learningRate);

    /**
     * Step {@code step} (counted from 0) computed a gradient that is not finite, so its update was skipped; its
     * {@link #stepDone} follows. Called before the console warning is printed.
     */
    default void stepSkipped(long step, double gradientNorm) {}

    @Override
    default void close() {}
}
