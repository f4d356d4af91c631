package dev.tessera.generation.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM started by a test: this JVM's java and class path, headless, and
 * the test's data folder. A child does not inherit system properties, so without
 * {@code -Dtessera.home} it would keep its models, queue and the 445 MB DJL cache in the user's
 * real data folder. The folders the build gives libraries that write under the home (see the root
 * pom) are handed on too.
 */
public final class ChildJvm {

    private static final List<String> HANDED_ON = List.of("user.home", "jna.tmpdir", "javafx.cachedir");

    private ChildJvm() {}

    /** Runs {@code main} with the data folder of this test JVM (the build's target/test-home). */
    public static ProcessBuilder of(List<String> jvmOptions, Class<?> main, String... args) {
        String home = System.getProperty(TesseraHome.PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("-D" + TesseraHome.PROPERTY + " is not set: run the tests through Maven"
                    + " (the root pom sets it to target/test-home) or set it to a temporary folder");
        }
        return of(Path.of(home), jvmOptions, main, args);
    }

    /** Runs {@code main} with {@code home} as its data folder. */
    public static ProcessBuilder of(Path home, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-D" + TesseraHome.PROPERTY + "=" + home.toAbsolutePath()));
        HANDED_ON.stream().filter(key -> System.getProperty(key) != null)
                .forEach(key -> line.add("-D" + key + "=" + System.getProperty(key)));
        line.addAll(jvmOptions);
        line.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        line.addAll(List.of(args));
        return new ProcessBuilder(line);
    }
}
