package dev.tessera.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the installation folder (the repository root for a source checkout: the folder that holds
 * {@code assets/}). {@code -Dtessera.app.root} overrides it; otherwise it is derived from where
 * the classes were loaded ({@code target/classes} or {@code target/tessera.jar}).
 */
public final class AppLocation {

    public static final String PROPERTY = "tessera.app.root";

    private AppLocation() {}

    public static Path root() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        try {
            Path code = Path.of(AppLocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("assets"))) {
                    return p;
                }
            }
            return Path.of("").toAbsolutePath();
        } catch (URISyntaxException | SecurityException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
