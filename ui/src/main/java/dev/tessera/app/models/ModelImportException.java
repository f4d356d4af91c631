package dev.tessera.app.models;

import java.io.IOException;

/** A file cannot be imported as a model; the message names the file and the problem. */
public class ModelImportException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelImportException(String message) {
        super(message);
    }

    public ModelImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
