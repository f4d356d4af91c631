package dev.tessera.generation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine must start from the pinned native jar alone: a child JVM with a fresh, empty data
 * folder, offline mode on and no route to any network loads PyTorch and computes.
 */
class OfflineEngineTest {

    /** Run in the child JVM: loads the engine and prints a checksum and the engine's facts. */
    public static void main(String[] args) {
        Engine engine = OfflineEngine.engine();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray a = manager.arange(1f, 5f).reshape(2, 2);
            float trace = a.matMul(a).sum().getFloat();
            System.out.println("engine=" + engine.getEngineName());
            System.out.println("version=" + engine.getVersion());
            System.out.println("sum=" + trace);
            System.out.println("offline=" + System.getProperty("ai.djl.offline"));
            System.out.println("tracking=" + System.getProperty("OPT_OUT_TRACKING"));
        }
    }

    @Test
    void loadsPyTorchOfflineIntoAFreshCache(@TempDir Path home) throws Exception {
        Path log = home.resolve("child.log");
        Process child = ChildJvm.of(home, List.of(), OfflineEngineTest.class)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);

        assertTrue(output.contains("engine=PyTorch"), output);
        assertTrue(output.contains("version=2.7.1"), output);
        // [[1,2],[3,4]]² = [[7,10],[15,22]] → sum 54
        assertTrue(output.contains("sum=54.0"), output);
        assertTrue(output.contains("offline=true") && output.contains("tracking=true"), output);
        // The natives were unpacked from the jar into the app's own cache folder, not ~/.djl.ai.
        assertTrue(containsNativeLibrary(home.resolve("djl-cache")), "no libtorch in " + home.resolve("djl-cache"));
    }

    private static boolean containsNativeLibrary(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            return names.stream().anyMatch(n -> n.startsWith("libtorch") && n.endsWith(".so"));
        }
    }
}
