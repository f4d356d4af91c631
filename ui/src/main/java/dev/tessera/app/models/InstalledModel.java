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

    /** The bundled default image model's name: what a page starts with when nothing else was chosen. */
    public static final String DEFAULT_NAME = "acdit-default";

    public boolean readable() {
        return problem.isEmpty();
    }

    /**
     * What a model choice starts with among {@code offered}: the bundled default model when it is offered,
     * else the first. (By file name, "acdit-default-fast" sorts before "acdit-default".)
     */
    public static InstalledModel preferred(java.util.List<InstalledModel> offered) {
        return offered.stream().filter(m -> m.source() == Source.BUNDLED && m.name().equals(DEFAULT_NAME)).findFirst()
                .orElse(offered.isEmpty() ? null : offered.get(0));
    }
}
