package dev.tessera.generation.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test class that wrote where a user's own data would be. The build runs tests with
 * {@code user.home} and {@code XDG_DATA_HOME} moved into {@value #PROPERTY} (see the root pom), so a
 * test or a child process that forgets {@code -Dtessera.home}, or a library cache that ignores it,
 * writes there instead of the real home; after each class that folder must still be empty. Found
 * files are named in the failure and removed, so the next class is judged on its own writes.
 * Registered for every test class through {@code META-INF/services} (autodetection is on in the pom).
 */
public final class TestHomeGuard implements AfterAllCallback {

    /** The folder standing in for the user's home and data folder during a test run. */
    public static final String PROPERTY = "tessera.test.outside";

    /**
     * Loaded once per test JVM: starts from an empty folder, whatever an interrupted run left there,
     * and creates the stand-in home (libraries such as DJL fall back to /tmp when the home is missing).
     */
    public TestHomeGuard() throws IOException {
        String outside = System.getProperty(PROPERTY);
        if (outside != null) {
            removeContents(Path.of(outside));
            Files.createDirectories(standInHome(Path.of(outside)));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        String outside = System.getProperty(PROPERTY);
        if (outside == null) {
            return; // not run by the build (an IDE without its settings): nothing stands in for the home
        }
        Path folder = Path.of(outside);
        Path home = standInHome(folder);
        List<Path> written = filesUnder(folder).stream().filter(f -> !home.startsWith(f)).toList(); // not the empty home
        if (!written.isEmpty()) {
            removeContents(folder);
            Files.createDirectories(home);
            fail(context.getDisplayName() + " wrote where the user's home or ~/.local/share/tessera would be,"
                    + " not into its test data folder (a child JVM needs ChildJvm's -Dtessera.home, a library"
                    + " cache the data folder, see OfflineEngine): "
                    + written.stream().limit(10).map(Path::toString).toList()
                    + (written.size() > 10 ? " and " + (written.size() - 10) + " more" : ""));
        }
    }

    /** user.home when the build moved it into {@code outside}, else {@code outside} itself. */
    private static Path standInHome(Path outside) {
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath();
        return home.startsWith(outside.toAbsolutePath()) ? home : outside;
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.toList();
        }
    }

    private static void removeContents(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(folder)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
