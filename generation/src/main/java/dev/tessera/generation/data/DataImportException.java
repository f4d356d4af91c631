package dev.tessera.generation.data;

/**
 * The one failure type of a data import: its message names the offending file and what is wrong
 * with it, so the CLI can print it as is.
 */
public final class DataImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataImportException(String message) {
        super(message);
    }

    public DataImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
