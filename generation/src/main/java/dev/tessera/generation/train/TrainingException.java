package dev.tessera.generation.train;

/** A run cannot continue: non-finite loss or gradients, or a checkpoint that does not fit. */
public final class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
