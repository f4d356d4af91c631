package dev.tessera.ui.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tessera.app.CliRun;
import dev.tessera.app.generate.RequestText;
import dev.tessera.app.generate.RequestValidation.Field;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.ui.generate.GenerateForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same bad value, typed into the Generate form, the queue's sweep form, {@code tessera generate}
 * and {@code tessera queue add}, is refused with the same message by each (RequestValidation's).
 */
class SameRequestRulesEverywhereTest {

    @TempDir Path dir;

    private static final RequestText GOOD = new RequestText("cat face", "google", "1", "25", "4", "1", "ddim", "2");

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments(Field.PROMPT, "x".repeat(501), "Prompt is 501 characters long; the limit is 500."),
                arguments(Field.PROMPT, "  ", "Prompt is empty; say what the emoji shows, e.g. \"cat face\"."),
                arguments(Field.SEED, "-1", "Seed must be 0 or more (got -1)."),
                arguments(Field.SEED, "seven", "Seed must be a whole number, e.g. 42 (got \"seven\")."),
                arguments(Field.STEPS, "0", "Steps must be between 1 and 1000 (got 0)."),
                arguments(Field.STEPS, "ten", "Steps must be a whole number between 1 and 1000 (got \"ten\")."),
                arguments(Field.GUIDANCE, "NaN", "Guidance must be a number such as 4 (got \"NaN\")."),
                arguments(Field.GUIDANCE, "31", "Guidance must be between 0 and 30 (got 31)."),
                arguments(Field.STYLE_STRENGTH, "-0.5", "Style strength must be between 0 (off) and 10 (got -0.5)."),
                arguments(Field.STYLE, "emojione", "Style must be google or twitter (got \"emojione\")."),
                arguments(Field.SAMPLER, "plms", "Sampler must be dpm++2m, ddim or euler (got \"plms\")."),
                arguments(Field.COUNT, "65", "Count must be between 1 and 64 (got 65)."),
                arguments(Field.COUNT, "two", "Count must be a whole number between 1 and 64 (got \"two\")."),
                arguments(Field.NEGATIVE_PROMPT, "y".repeat(501),
                        "Negative prompt is 501 characters long; the limit is 500."));
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @MethodSource("badValues")
    void everyFrontEndRefusesABadValueWithTheSameMessage(Field field, String bad, String message) throws Exception {
        // The Generate form offers samplers from a list: an unknown one cannot be chosen there.
        if (field != Field.SAMPLER) {
            assertEquals(message, generateForm(field, bad));
        }
        assertEquals(List.of(message), sweepForm(field, bad));
        for (String command : List.of("generate", "queue")) {
            CliRun run = cli(command, Map.of(field, bad));
            assertEquals(2, run.exit(), run.err());
            assertEquals(message, run.err().lines().findFirst().orElseThrow(), run.err());
            assertEquals("", run.out());
        }
        assertTrue(Files.notExists(dir.resolve("queue")), "a refused job never opens the queue");
        assertTrue(Files.notExists(dir.resolve("out")), "a refused render writes nothing");
    }

    @Test
    void theCliListsEveryRefusedValueTheSweepsIncluded() throws Exception {
        CliRun generate = cli("generate", Map.of(Field.SEED, "-1", Field.STEPS, "0"));
        assertEquals(2, generate.exit());
        assertEquals(List.of("Seed must be 0 or more (got -1).", "Steps must be between 1 and 1000 (got 0)."),
                generate.err().lines().limit(2).toList());

        CliRun add = cli("queue", Map.of(Field.COUNT, "0"), "--sweep-seeds=1,-2", "--sweep-prompts", "cat; ",
                "--sweep", "steps=10,0");
        assertEquals(2, add.exit());
        assertEquals(List.of("Count must be between 1 and 64 (got 0).",
                "Prompt is empty; say what the emoji shows, e.g. \"cat face\".",
                "Seed must be 0 or more (got -2).",
                "--sweep: Steps must be between 1 and 1000 (got 0)."), add.err().lines().limit(4).toList());
        assertTrue(Files.notExists(dir.resolve("queue")));
    }

    /** The Generate form's message for the field, after checking no other field complains. */
    private static String generateForm(Field field, String bad) {
        GenerateForm form = new GenerateForm(() -> 1);
        form.setModels(List.of(new InstalledModel("m", InstalledModel.Source.USER, Path.of("m.safetensors"), 1,
                "acdit", "")));
        Map<Field, StringProperty> inputs = new EnumMap<>(Map.of(Field.PROMPT, form.promptProperty(),
                Field.STYLE, form.styleProperty(), Field.SEED, form.seedProperty(), Field.STEPS, form.stepsProperty(),
                Field.GUIDANCE, form.guidanceProperty(), Field.STYLE_STRENGTH, form.styleStrengthProperty(),
                Field.COUNT, form.countProperty(), Field.NEGATIVE_PROMPT, form.negativePromptProperty()));
        inputs.get(Field.PROMPT).set("cat face");
        assertTrue(form.request().isPresent());
        inputs.get(field).set(bad);
        assertTrue(form.request().isEmpty());
        Arrays.stream(Field.values()).filter(f -> f != field)
                .forEach(f -> assertEquals("", form.errorProperty(f).get(), f + " is fine"));
        return form.errorProperty(field).get();
    }

    /** The sweep form's problems with the value in its prompts, seeds or shared settings. */
    private static List<String> sweepForm(Field field, String bad) {
        RequestText base = with(GOOD, field, bad);
        String prompts = field == Field.PROMPT ? bad : GOOD.prompt();
        String seeds = field == Field.SEED ? bad : GOOD.seed();
        return new SweepForm(prompts, seeds, null, "", base, "out", Path.of("m.safetensors")).parse().errors();
    }

    private static RequestText with(RequestText t, Field field, String v) {
        return switch (field) {
            case PROMPT -> new RequestText(v, t.style(), t.seed(), t.steps(), t.guidance(), t.styleStrength(), t.sampler(), t.count()).withNegativePrompt(t.negativePrompt());
            case STYLE -> new RequestText(t.prompt(), v, t.seed(), t.steps(), t.guidance(), t.styleStrength(), t.sampler(), t.count()).withNegativePrompt(t.negativePrompt());
            case SEED -> new RequestText(t.prompt(), t.style(), v, t.steps(), t.guidance(), t.styleStrength(), t.sampler(), t.count()).withNegativePrompt(t.negativePrompt());
            case STEPS -> new RequestText(t.prompt(), t.style(), t.seed(), v, t.guidance(), t.styleStrength(), t.sampler(), t.count()).withNegativePrompt(t.negativePrompt());
            case GUIDANCE -> new RequestText(t.prompt(), t.style(), t.seed(), t.steps(), v, t.styleStrength(), t.sampler(), t.count()).withNegativePrompt(t.negativePrompt());
            case STYLE_STRENGTH -> new RequestText(t.prompt(), t.style(), t.seed(), t.steps(), t.guidance(), v, t.sampler(), t.count()).withNegativePrompt(t.negativePrompt());
            case SAMPLER -> new RequestText(t.prompt(), t.style(), t.seed(), t.steps(), t.guidance(), t.styleStrength(), v, t.count()).withNegativePrompt(t.negativePrompt());
            case COUNT -> new RequestText(t.prompt(), t.style(), t.seed(), t.steps(), t.guidance(), t.styleStrength(), t.sampler(), v,
                    t.negativePrompt());
            case NEGATIVE_PROMPT -> t.withNegativePrompt(v);
            case INIT_IMAGE -> t.withInit(v, t.strength(), t.keepBlocks());
            case STRENGTH -> t.withInit(t.initImage(), v, t.keepBlocks());
            case KEEP_BLOCKS -> t.withInit(t.initImage(), t.strength(), v);
            case MODEL, OUTPUT -> throw new IllegalArgumentException(field + " is not typed as text");
        };
    }

    /** {@code tessera generate} or {@code tessera queue add} with GOOD's values, some replaced by {@code bad}. */
    private CliRun cli(String command, Map<Field, String> bad, String... more) {
        RequestText text = GOOD;
        for (Map.Entry<Field, String> e : bad.entrySet()) {
            text = with(text, e.getKey(), e.getValue());
        }
        List<String> args = new ArrayList<>(command.equals("queue")
                ? List.of("queue", "--queue-dir", dir.resolve("queue").toString(), "add") : List.of("generate"));
        // "--name=value", so that a value such as -1 is not read as an option
        args.addAll(List.of("--prompt=" + text.prompt(), "--style=" + text.style(), "--seed=" + text.seed(),
                "--steps=" + text.steps(), "--cfg=" + text.guidance(), "--style-strength=" + text.styleStrength(),
                "--sampler=" + text.sampler(), "--count=" + text.count(), "--negative-prompt=" + text.negativePrompt(),
                "--model=assets/models/acdit-default.safetensors",
                "--out=" + dir.resolve("out")));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }
}
