package dev.tessera.generation.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Tessera keeps its data on this machine: user models, the queue, history, settings and
 * DJL's cache. Follows the XDG base directory rules on Linux; {@code -Dtessera.home} overrides
 * everything (tests and portable installs use it).
 */
public record TesseraHome(Path root) {

    public static final String PROPERTY = "tessera.home";

    /** Resolves the home from system properties and the environment of this process. */
    public static TesseraHome current() {
        return resolve(System.getProperty(PROPERTY), System.getenv(), System.getProperty("user.home"));
    }

    static TesseraHome resolve(String override, Map<String, String> env, String userHome) {
        if (override != null && !override.isBlank()) {
            return new TesseraHome(Path.of(override).toAbsolutePath());
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".local", "share");
        return new TesseraHome(base.resolve("tessera").toAbsolutePath());
    }

    public Path djlCache() {
        return root.resolve("djl-cache");
    }

    /** Prompt vectors the encoder made before (a cache: PromptVectorStore). */
    public Path promptVectors() {
        return root.resolve("prompt-vectors");
    }

    public Path models() {
        return root.resolve("models");
    }

    public Path queue() {
        return root.resolve("queue");
    }

    public Path history() {
        return root.resolve("history");
    }

    public Path settings() {
        return root.resolve("settings.json");
    }
}
