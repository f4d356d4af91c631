package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `convert --to f16`: a half-size file that `generate` renders from and `inspect` describes. */
class ConvertCliTest {

    @TempDir Path dir;

    @Test
    void aHalfPrecisionCopyRendersAndSaysHowItIsStored() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(32, 4));
        Path half = dir.resolve("tiny-f16.safetensors");
        CliRun run = CliRun.of("convert", "--to", "f16", "--model", model.toString(), "--out", half.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.size(half) < 0.55 * Files.size(model), Files.size(half) + " vs " + Files.size(model));

        CliRun inspect = CliRun.of("inspect", half.toString());
        assertTrue(inspect.out().contains("tessera.storage: F16"), inspect.out());
        Path images = dir.resolve("images");
        CliRun generate = CliRun.of("generate", "--model", half.toString(), "--prompt", "red apple", "--steps", "2",
                "--out", images.toString());
        assertEquals(0, generate.exit(), generate.err());
        try (var files = Files.list(images)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".png")), "a PNG was written");
        }
    }

    @Test
    void badTargetsAndExistingOutputsAreRefused() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(32, 4));
        CliRun target = CliRun.of("convert", "--to", "int8", "--model", model.toString(),
                "--out", dir.resolve("x.safetensors").toString());
        assertTrue(target.exit() != 0 && target.err().contains("--to must be f16 or f32"), target.err());
        Path existing = Files.writeString(dir.resolve("existing.safetensors"), "keep");
        CliRun exists = CliRun.of("convert", "--to", "f16", "--model", model.toString(), "--out", existing.toString());
        assertEquals(1, exists.exit());
        assertTrue(exists.err().contains("already exists"), exists.err());
        assertEquals("keep", Files.readString(existing));
    }
}
