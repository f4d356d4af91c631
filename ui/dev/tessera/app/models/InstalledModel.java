package dev.tessera.app.models;

import java.nio.file.Path;

/** A model file the studio can use: bundled with the app or added by the user. */
public record InstalledModel(String name, Source source, Path file, long sizeBytes) {

    /** Where a model came from decides whether the user may remove it. */
    public enum Source { BUNDLED, USER }
}
