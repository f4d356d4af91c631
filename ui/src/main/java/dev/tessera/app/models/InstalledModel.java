package dev.tessera.app.models;

import java.nio.file.Path;

/**
 * A model file the studio can use: bundled with the app or added by the user.
 *
 * @param kind the model kind from the file's metadata ("acdit", "judge"), or "unreadable" with the
 *             reason in {@code problem} when the file cannot be opened
 */
public record InstalledModel(String name, Source source, Path file, long sizeBytes, String kind, String problem) {

    /** Where a model came from decides whether the user may remove it. */
    public enum Source { BUNDLED, USER }

    public boolean readable() {
        return problem.isEmpty();
    }
}
