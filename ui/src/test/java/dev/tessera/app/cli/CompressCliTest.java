package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `compress` and `inspect` on a tiny 32×32 model with the real emoji data and prompt encoder. */
class CompressCliTest {

    @TempDir Path dir;

    @Test
    void compressesIntoAModelFileThatInspectDescribes() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(32, 4));
        Path out = dir.resolve("tiny-small.safetensors");
        CliRun run = CliRun.of("compress", "--model", model.toString(), "--prune", "0.3", "--int4", "--group", "32",
                "--distill-steps", "2", "--calibration", "8", "--latency-rounds", "0", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("contribution analysis"), run.out());
        assertTrue(run.out().contains("| ε-error against the original, distilled | 0 |"), run.out());
        assertTrue(run.out().contains("| weights in memory (INT4 kept packed) |"), run.out());
        assertTrue(Files.exists(out));

        CliRun inspect = CliRun.of("inspect", out.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        String pruned = inspect.out().lines().filter(l -> l.startsWith("  pruned: ")).findFirst().orElseThrow();
        assertTrue(pruned.contains("layer 1"), "the last layer goes first: " + pruned);
        assertTrue(inspect.out().contains("INT4: ") && inspect.out().contains("in groups of 32, symmetric"), inspect.out());
        assertTrue(inspect.out().contains("compressed from: tiny.safetensors ("), inspect.out());
        assertTrue(inspect.out().contains("recipe: pruned to a budget of 30 %"), inspect.out());
        CliRun plain = CliRun.of("inspect", model.toString());
        assertTrue(plain.out().contains("pruned: no") && plain.out().contains("INT4: no"), plain.out());

        CliRun again = CliRun.of("compress", "--model", out.toString(), "--int4", "--latency-rounds", "0",
                "--out", dir.resolve("again.safetensors").toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already holds INT4 weights"), again.err());
    }

    @Test
    void aVideoModelCalibratesOnMotionClipsAndItsInt4FileStillMakesClips() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny-video.safetensors"), TinyAcditModelFile.videoConfig(4, 32));
        Path out = dir.resolve("tiny-video-int4.safetensors");
        CliRun run = CliRun.of("compress", "--model", model.toString(), "--int4", "--group", "32", "--calibration", "8",
                "--latency-rounds", "0", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("| ε-error against the original, stored |"), run.out());

        Path clip = dir.resolve("clip");
        CliRun generate = CliRun.of("generate", "--video", "--model", out.toString(), "--prompt", "rocket moving up",
                "--frames", "4", "--steps", "2", "--seed", "5", "--out", clip.toString());
        assertEquals(0, generate.exit(), generate.err());
        try (var frames = Files.list(clip)) {
            assertEquals(4, frames.filter(f -> f.toString().endsWith(".png")).count());
        }
    }

    @Test
    void theCheapestPlanPrunesBranchesAndSaysSo() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(32, 4));
        Path out = dir.resolve("tiny-cheap.safetensors");
        CliRun run = CliRun.of("compress", "--model", model.toString(), "--prune", "0.2", "--plan", "cheapest",
                "--calibration", "8", "--latency-rounds", "0", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        String planned = run.out().lines().filter(l -> l.startsWith("pruning ")).findFirst().orElseThrow();
        assertTrue(planned.contains("(cheapest plan)") && planned.contains("ε-errors summing to"), planned);
        CliRun inspect = CliRun.of("inspect", out.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("recipe: pruned to a budget of 20 %, cheapest attention and MLP branches first"),
                inspect.out());
    }

    @Test
    void aUnetExpertIsPrunedDecoderFirstAndTheResultGeneratesAndInspects() throws Exception {
        Path expert = Path.of("assets/models/unet-expert-google.safetensors");
        Path pruned = dir.resolve("expert-p20.safetensors");
        CliRun prune = CliRun.of("compress", "--model", expert.toString(), "--prune", "0.2", "--calibration", "8",
                "--latency-rounds", "0", "--out", pruned.toString());
        assertEquals(0, prune.exit(), prune.err());
        assertTrue(prune.out().contains("training images of [google]"), prune.out());
        assertTrue(prune.out().contains("contribution analysis: each ResBlock and attention removed in turn"), prune.out());
        assertTrue(prune.out().contains("  up.0.res.2     ε-error "), prune.out());
        assertTrue(prune.out().contains("(from decoder)"), prune.out());
        assertTrue(prune.out().contains("| ε-error against the original, pruned | 0 |"), prune.out());
        CliRun inspect = CliRun.of("inspect", pruned.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        String removed = inspect.out().lines().filter(l -> l.startsWith("  pruned: ")).findFirst().orElseThrow();
        assertTrue(removed.startsWith("  pruned: up."), "the decoder goes first: " + removed);
        assertTrue(inspect.out().contains("removed: [\"up."), inspect.out());
        Path images = dir.resolve("pruned-images");
        CliRun generate = CliRun.of("generate", "--model", pruned.toString(), "--prompt", "grinning face", "--style", "google",
                "--steps", "3", "--seed", "5", "--out", images.toString());
        assertEquals(0, generate.exit(), generate.err());

        CliRun all = CliRun.of("compress", "--model", expert.toString(), "--prune", "0.9", "--calibration", "8",
                "--latency-rounds", "0", "--out", dir.resolve("all.safetensors").toString());
        assertEquals(1, all.exit());
        assertTrue(all.err().contains("nothing more is prunable"), all.err());
        CliRun again = CliRun.of("compress", "--model", pruned.toString(), "--prune", "0.2", "--latency-rounds", "0",
                "--out", dir.resolve("again.safetensors").toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already pruned"), again.err());
        CliRun outside = CliRun.of("compress", "--model", expert.toString(), "--prune", "0.95", "--out",
                dir.resolve("outside.safetensors").toString());
        assertEquals(1, outside.exit());
        assertTrue(outside.err().contains("(0, 0.9]"), outside.err());
    }

    @Test
    void aUnetExpertTakesInt4AloneAndTheResultGeneratesAndInspects() throws Exception {
        Path expert = Path.of("assets/models/unet-expert-google.safetensors");
        Path out = dir.resolve("expert-int4.safetensors");
        CliRun run = CliRun.of("compress", "--model", expert.toString(), "--int4", "--group", "32", "--latency-rounds", "0",
                "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("| weights in memory (INT4 kept packed) | 7.29 MB |"), run.out());
        CliRun inspect = CliRun.of("inspect", out.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("unet model") && inspect.out().contains("INT4: 77 matrices in groups of 32, symmetric"),
                inspect.out());
        assertTrue(inspect.out().contains("compressed from: unet-expert-google.safetensors ("), inspect.out());

        Path images = dir.resolve("images");
        CliRun generate = CliRun.of("generate", "--model", out.toString(), "--prompt", "grinning face", "--style", "google",
                "--steps", "3", "--seed", "5", "--out", images.toString());
        assertEquals(0, generate.exit(), generate.err());
        try (var pngs = Files.list(images)) {
            assertEquals(1, pngs.filter(f -> f.toString().endsWith(".png")).count());
        }
    }

    @Test
    void badOptionsAndFilesAreRefusedWithOneLine() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(32, 4));
        String out = dir.resolve("out.safetensors").toString();
        CliRun budget = CliRun.of("compress", "--model", model.toString(), "--prune", "0.95", "--out", out);
        assertEquals(1, budget.exit());
        assertTrue(budget.err().contains("(0, 0.9]"), budget.err());
        CliRun group = CliRun.of("compress", "--model", model.toString(), "--int4", "--group", "48", "--out", out);
        assertTrue(group.err().contains("--group must be 32, 64 or 128"), group.err());
        CliRun alone = CliRun.of("compress", "--model", model.toString(), "--distill-steps", "5", "--out", out);
        assertTrue(alone.err().contains("give --prune too"), alone.err());
        CliRun plan = CliRun.of("compress", "--model", model.toString(), "--prune", "0.2", "--plan", "size", "--out", out);
        assertEquals(1, plan.exit());
        assertTrue(plan.err().contains("--plan must be one of position, cheapest, narrow, depth, was \"size\""), plan.err());
        CliRun unet = CliRun.of("compress", "--model", "assets/models/unet-expert-google.safetensors", "--prune", "0.2",
                "--plan", "cheapest", "--out", out);
        assertEquals(1, unet.exit());
        assertTrue(unet.err().contains("--plan cheapest is for ACDiT models"), unet.err());
        Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), new byte[] {9, 9, 9});
        CliRun broken = CliRun.of("compress", "--model", corrupt.toString(), "--int4", "--out", out);
        assertEquals(1, broken.exit());
        assertTrue(broken.err().contains("corrupt.safetensors"), broken.err());
        CliRun inspectBroken = CliRun.of("inspect", corrupt.toString());
        assertEquals(1, inspectBroken.exit());
        assertTrue(inspectBroken.err().contains("corrupt.safetensors"), inspectBroken.err());
        assertFalse(Files.exists(Path.of(out)));
    }
}
