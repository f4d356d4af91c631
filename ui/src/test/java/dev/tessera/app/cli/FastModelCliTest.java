package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tessera.app.CliRun;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled few-step model renders with its own sampling (4 DDIM steps a block, guidance 1: its guidance is
 * in its weights) wherever the command line leaves a setting out, and a value given there wins.
 */
class FastModelCliTest {

    private static final String FAST = "assets/models/acdit-default-fast.safetensors";

    @TempDir Path dir;

    @Test
    void theModelsOwnSamplingFillsWhatTheCommandLineLeavesOut() throws Exception {
        Recipe own = render(FAST, "own");
        assertEquals(List.of("ddim", 4, 1.0, 0.0), List.of(own.sampler(), own.steps(), own.guidance(), own.styleStrength()));
        Recipe mixed = render(FAST, "mixed", "--steps", "6", "--cfg", "2");
        assertEquals(List.of("ddim", 6, 2.0, 0.0),
                List.of(mixed.sampler(), mixed.steps(), mixed.guidance(), mixed.styleStrength()));
        Recipe plain = render("assets/models/acdit-default.safetensors", "plain", "--steps", "2");
        assertEquals(List.of("dpm++2m", 4.0, 1.0), List.of(plain.sampler(), plain.guidance(), plain.styleStrength()),
                "a model without its own sampling keeps the defaults");
    }

    @Test
    void theFastPresetRendersWithTheModelsFewStepVariantWhereOneIsBesideIt() throws Exception {
        Recipe fast = render(null, "fast", "--preset", "fast");
        assertEquals(List.of("acdit-default-fast", "ddim", 4, 1.0, 0.0, "fast"), List.of(fast.model(), fast.sampler(),
                fast.steps(), fast.guidance(), fast.styleStrength(), fast.preset()));
        assertNull(fast.blockSteps(), "the variant's own steps, every block");
        // A model without a variant beside it takes the preset's steps per block position.
        Path alone = dir.resolve("models").resolve("alone.safetensors");
        Files.createDirectories(alone.getParent());
        Files.copy(Path.of("assets/models/acdit-default.safetensors"), alone);
        Recipe scheduled = render(alone.toString(), "scheduled", "--preset", "fast", "--sampler", "dpm++2m");
        assertEquals(List.of("alone", "12,6", "fast"), List.of(scheduled.model(), scheduled.blockSteps(), scheduled.preset()));
        // Balanced never switches models.
        assertEquals("acdit-default", render(null, "balanced", "--preset", "balanced").model());
    }

    private Recipe render(String model, String name, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "--prompt", "rocket",
                "--seed", "5", "--quiet", "--out", dir.resolve(name).toString()));
        if (model != null) {
            args.addAll(List.of("--model", model));
        }
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        try (Stream<Path> files = Files.list(dir.resolve(name))) {
            Path png = files.filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow();
            return RecipePng.readRecipe(png).orElseThrow();
        }
    }
}
