package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.engine.ChildJvm;
import dev.tessera.ui.TesseraMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What libtorch prints on its own goes to the process's native stderr, which only a child JVM's
 * output shows: a run of {@code generate} prints its files and nothing from PyTorch.
 */
class NativeWarningsTest {

    @TempDir Path dir;

    @Test
    void generatingPrintsNoPyTorchDeprecationWarning() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        Path log = dir.resolve("child.log");
        Process child = ChildJvm.of(List.of(), TesseraMain.class, "generate", "--prompt", "cat face", "--steps", "1",
                "--model", model.toString(), "--out", dir.resolve("out").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "generate did not finish within 120 s");
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("wrote "), output);
        // DJL's NDArray.set(Buffer) enters AutoNonVariableTypeMode, whose constructor warns once a process.
        assertFalse(output.contains("AutoNonVariableTypeMode"), output);
    }
}
