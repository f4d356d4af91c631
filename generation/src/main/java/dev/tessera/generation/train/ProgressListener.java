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

    @Override
    default void close() {}
}
