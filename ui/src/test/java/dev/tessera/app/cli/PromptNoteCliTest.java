package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt help at the command line: {@code generate} and {@code queue add} note a prompt far from every
 * trained name on stderr, as the studio does under its field (the real prompt encoder decides), and go on.
 */
class PromptNoteCliTest {

    private static final String NOTE = "note: Far from every name this model was trained on; nearest in meaning: ";

    @TempDir Path dir;

    @Test
    void generateNotesAFarPromptAndRendersItAnyway() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(16, 4));
        CliRun far = generate(model, "far", "tax return form");
        assertTrue(far.err().contains(NOTE), far.err());
        assertEquals(3, far.err().lines().filter(l -> l.startsWith(NOTE)).findFirst().orElseThrow()
                .split("\\(0\\.").length - 1, far.err());
        assertEquals(1, pngs(dir.resolve("far")), "a note, not a refusal");

        assertFalse(generate(model, "near", "cat face").err().contains("note:"), "a trained name");
        assertFalse(generate(model, "synonym", "kitty").err().contains("note:"), "far by its letters, near in meaning");
        assertFalse(generate(model, "quiet", "tax return form", "--quiet").err().contains("note:"), "--quiet is quiet");
    }

    @Test
    void aClipPromptIsJudgedByItsEmojiNotByItsMotion() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny-video.safetensors"), TinyAcditModelFile.videoConfig(4));
        CliRun near = generate(model, "heart", "red heart moving left", "--video", "--frames", "4");
        assertFalse(near.err().contains("note:"), "a trained name in a trained motion: " + near.err());
        CliRun far = generate(model, "form", "tax return form spinning", "--video", "--frames", "4");
        assertTrue(far.err().contains(NOTE), far.err());
    }

    @Test
    void queueAddNotesAFarPromptAndQueuesItAnyway() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(16, 4));
        CliRun far = queueAdd(model, "--prompt", "tax return form");
        assertTrue(far.out().contains("queued "), far.out());
        assertTrue(far.err().contains("note: \"tax return form\": Far from every name"), far.err());
        CliRun sweep = queueAdd(model, "--prompt", "cat face", "--sweep-prompts", "rocket;mortgage paperwork");
        assertEquals(2, sweep.out().lines().filter(l -> l.startsWith("queued ")).count(), sweep.out());
        assertTrue(sweep.err().contains("note: \"mortgage paperwork\""), sweep.err());
        assertFalse(sweep.err().contains("\"rocket\""), sweep.err());
    }

    private CliRun generate(Path model, String out, String prompt, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("generate", "--model", model.toString(),
                "--prompt", prompt, "--steps", "1", "--out", dir.resolve(out).toString()));
        args.addAll(java.util.List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        return run;
    }

    private CliRun queueAdd(Path model, String... request) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("queue", "--queue-dir",
                dir.resolve("queue").toString(), "add", "--model", model.toString(), "--steps", "1", "--out",
                dir.resolve("queued").toString()));
        args.addAll(java.util.List.of(request));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        return run;
    }

    private static long pngs(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".png")).count();
        }
    }
}
