package dev.tessera.ui.history;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the last replay said and about which image: a message under one image must not stay when
 * another is selected or the list is read again (F5).
 */
public record ReplayNote(Path file, String text) {

    /** No replay yet. */
    public static final ReplayNote NONE = new ReplayNote(null, "");

    /** The message when {@code shown} is the image it is about; empty under any other. */
    public String textFor(Path shown) {
        return Objects.equals(file, shown) ? text : "";
    }
}
