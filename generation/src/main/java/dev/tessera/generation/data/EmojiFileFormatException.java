package dev.tessera.generation.data;

/** A derived emoji file ({@code .bin}) that is damaged, truncated or not an emoji file at all. */
public final class EmojiFileFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmojiFileFormatException(String message) {
        super(message);
    }

    public EmojiFileFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
