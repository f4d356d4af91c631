package dev.tessera.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Provenance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        AcditConfig config = new AcditConfig(16, 4, 4, 32, 3, 2, 2, 384, 100.0,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
        Path file = temp.resolve("tiny.safetensors");
        try (NDManager manager = OfflineEngine.newManager(); AcditModel model = AcditModel.initialise(config, 3, manager)) {
            AcditModel.save(file, model.parameters(), config,
                    new Provenance("test", 0, 3, Instant.parse("2026-11-29T00:00:00Z"), "none", Map.of()));
        }
        CliRun r = CliRun.of("bench", "kv-cache", "--model", file.toString(), "--rounds", "1", "--steps", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\n| 1 | 16 | ") && r.out().contains("\n| 4 | 4 | "), r.out());
        assertTrue(r.out().contains("width 32, depth 3 (the architecture of tiny.safetensors)"), r.out());
    }
}
