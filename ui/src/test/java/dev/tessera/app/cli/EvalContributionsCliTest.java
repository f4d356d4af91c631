package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `eval contributions` on the shipped google U-Net expert: a row per ResBlock and attention, by position. */
class EvalContributionsCliTest {

    @TempDir Path dir;

    @Test
    void aUnetExpertsBlocksAreEachRemovedInTurnOnItsOwnStylesImages() throws Exception {
        Path out = dir.resolve("contributions");
        CliRun run = CliRun.of("eval", "contributions", "--model", "assets/models/unet-expert-google.safetensors",
                "--calibration", "4", "--judge-prompts", "0", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("on 4 training images of [google]"), report);
        List<String> rows = report.lines().filter(l -> l.matches("\\| \\d+ \\| .*")).toList();
        assertEquals(23, rows.size(), report);
        assertTrue(rows.get(0).startsWith("| 0 | down.0.res.0 | 32 px | identity | 26,880 | "), rows.get(0));
        assertTrue(rows.get(22).startsWith("| 22 | up.0.res.2 | 32 px | 1×1 skip conv | 36,160 | "), rows.get(22));
        assertTrue(rows.get(9).startsWith("| 9 | mid.attn | 8 px | identity | 16,768 | "), rows.get(9));
        List<String> data = Files.readAllLines(out.resolve("contributions.dat"));
        assertEquals(24, data.size());
        assertTrue(data.get(23).startsWith("22 up.0.res.2 "), data.get(23));
    }
}
