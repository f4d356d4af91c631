package dev.tessera.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.app.cli.TesseraCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

    @Test
    void helpKeepsTheLauncherNameOnOneLine() {
        CliRun r = CliRun.of("--help");
        assertTrue(r.out().contains("./tessera opens the studio"), r.out());
    }

    @Test
    void everyOptionOfEveryCommandHasADescription() {
        List<String> bare = new ArrayList<>();
        collectUndescribed(new CommandLine(new TesseraCli()), bare);
        assertEquals(List.of(), bare);
    }

    private static void collectUndescribed(CommandLine command, List<String> bare) {
        for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
            if (String.join("", option.description()).isBlank()) {
                bare.add(command.getCommandSpec().qualifiedName() + " " + option.longestName());
            }
        }
        command.getSubcommands().values().forEach(sub -> collectUndescribed(sub, bare));
    }

    @Test
    void evalGridRefusesBadValuesBeforeLoadingTheModel(@TempDir Path temp) {
        CliRun r = CliRun.of("eval", "grid", "--model", temp.resolve("no-such-model.safetensors").toString(),
                "--prompts", "cat face", "--styles", "apple", "--cfg", "99", "--out", temp.resolve("grid.png").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("Style must be google or twitter (got \"apple\")."), r.err());
        assertTrue(r.err().contains("Guidance must be between 0 and 30 (got 99)."), r.err());
        assertFalse(r.err().contains("no-such-model"), r.err());
    }

    @Test
    void promptListsAreSeparatedBySemicolonsEverywhere() {
        List<String> expected = List.of("cat face", "red, heart");
        assertEquals(expected, promptsParsed("--prompts", "eval", "grid", "--model", "m", "--out", "o",
                "--prompts", "cat face;red, heart"));
        assertEquals(expected, promptsParsed("--sweep-prompts", "queue", "add", "--prompt", "p", "--out", "o",
                "--sweep-prompts", "cat face;red, heart"));
    }

    /** The value picocli gives {@code option} of the innermost sub-command of {@code args}. */
    private static List<String> promptsParsed(String option, String... args) {
        CommandLine.ParseResult parsed = new CommandLine(new TesseraCli()).parseArgs(args);
        while (parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        return parsed.matchedOption(option).getValue();
    }

    @Test
    void generateEndsWithASummaryOnStderrUnlessQuiet(@TempDir Path temp) throws Exception {
        Path model = TinyAcditModelFile.write(temp.resolve("tiny.safetensors"));
        CliRun r = CliRun.of("generate", "--prompt", "cat face", "--steps", "1", "-n", "2", "--model", model.toString(),
                "--out", temp.resolve("out").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().startsWith("generated 2 images in ") && r.err().contains(" an image)"), r.err());
        CliRun quiet = CliRun.of("generate", "--quiet", "--prompt", "cat face", "--steps", "1", "--model",
                model.toString(), "--out", temp.resolve("out").toString());
        assertEquals(0, quiet.exit(), quiet.err());
        assertEquals("", quiet.err());
        assertTrue(quiet.out().startsWith("wrote "), quiet.out());
    }
}
