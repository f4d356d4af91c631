package dev.tessera.generation.text;

/** A prompt that Tessera refuses, with a message that says what is wrong and where. */
public final class InvalidPromptException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPromptException(String message) {
        super(message);
    }
}
