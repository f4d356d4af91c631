package dev.tessera.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @Test
    void helpListsSubCommands() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: tessera") && r.out().contains("data"), r.out());
    }

    @Test
    void versionNamesTheProduct() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("Tessera "), r.out());
    }

    @Test
    void unknownCommandIsAnErrorWithUsage() {
        CliRun r = CliRun.of("no-such-command");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no-such-command"), r.err());
    }

    @Test
    void benchKvCacheTimesTheArchitectureOfTheModelItIsGiven(@TempDir Path temp) throws Exception {
        // 16×16 images in patches of 4 (16 tokens), depth 3: one block of 16 tokens, then four of 4.
        Path file = TinyAcditModelFile.write(temp.resolve("tiny.safetensors"), TinyAcditModelFile.config(16, 4).withDepth(3));
        CliRun r = CliRun.of("bench", "kv-cache", "--model", file.toString(), "--rounds", "1", "--steps", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\n| 1 | 16 | ") && r.out().contains("\n| 4 | 4 | "), r.out());
        assertTrue(r.out().contains("width 32, depth 3 (the architecture of tiny.safetensors)"), r.out());
    }
}
