package dev.tessera.app.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.RequestValidation.Field;
import dev.tessera.app.generate.RequestValidation.Problem;
import dev.tessera.generation.diffusion.SamplerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule set every front end checks typed requests with. */
class RequestValidationTest {

    private static final RequestText GOOD = new RequestText("cat face", "google", "1", "25", "1.5", "0.5", "ddim", "1");

    @Test
    void reportsEveryBadFieldAtOnceInFieldOrderNamingTheField() {
        RequestValidation.Result result = new RequestText("", "emojione", "x", "5000", "-1", "hard", "plms", "0").check();
        assertTrue(result.request().isEmpty());
        assertEquals(List.of(
                new Problem(Field.PROMPT, "Prompt is empty; say what the emoji shows, e.g. \"cat face\"."),
                new Problem(Field.STYLE, "Style must be google or twitter (got \"emojione\")."),
                new Problem(Field.SEED, "Seed must be a whole number, e.g. 42 (got \"x\")."),
                new Problem(Field.STEPS, "Steps must be between 1 and 1000 (got 5000)."),
                new Problem(Field.GUIDANCE, "Guidance must be between 0 and 30 (got -1)."),
                new Problem(Field.STYLE_STRENGTH, "Style strength must be a number such as 1 (got \"hard\")."),
                new Problem(Field.SAMPLER, "Sampler must be dpm++2m, ddim or euler (got \"plms\")."),
                new Problem(Field.COUNT, "Count must be between 1 and 64 (got 0).")), result.problems());
        result.problems().forEach(p -> assertTrue(p.message().startsWith(p.field().label()), p.message()));
    }

    @Test
    void aGoodTextChecksToItsRequestAndBack() {
        GenerationRequest request = GOOD.check().request().orElseThrow();
        assertEquals(new GenerationRequest("cat face", "google", 1, 25, 1.5, 0.5, SamplerKind.DDIM, 1), request);
        assertEquals(GOOD, RequestText.of(request));
        assertEquals(List.of(), GOOD.check().problems());
    }

    @Test
    void promptsAreNormalisedAsTheEncoderReadsThemAndLimitedTo500Characters() {
        assertEquals("cat face", RequestValidation.prompt("  cat \t\n face ").orElseThrow());
        assertEquals(500, RequestValidation.prompt("a".repeat(500)).orElseThrow().length());
        assertEquals("Prompt is 501 characters long; the limit is 500.",
                RequestValidation.prompt("a".repeat(501)).message().orElseThrow());
        assertEquals("Prompt contains the control character U+0007 at position 4.",
                RequestValidation.prompt("cat\u0007").message().orElseThrow());
        assertEquals(RequestValidation.prompt("").message(), RequestValidation.prompt(" \n ").message());
        assertEquals(RequestValidation.prompt("").message(), RequestValidation.prompt(null).message());
    }

    @Test
    void theNegativePromptFollowsThePromptsRulesButMayBeEmpty() {
        assertEquals("", RequestValidation.negativePrompt("  ").orElseThrow());
        assertEquals("", RequestValidation.negativePrompt(null).orElseThrow());
        assertEquals("sad dog", RequestValidation.negativePrompt("  sad \n dog ").orElseThrow());
        assertEquals("Negative prompt is 501 characters long; the limit is 500.",
                RequestValidation.negativePrompt("a".repeat(501)).message().orElseThrow());
        assertEquals("Negative prompt contains the control character U+0007 at position 4.",
                RequestValidation.negativePrompt("sad\u0007").message().orElseThrow());
        RequestValidation.Result result = GOOD.withNegativePrompt("x".repeat(501)).check();
        assertEquals(List.of(Field.NEGATIVE_PROMPT), result.problems().stream().map(Problem::field).toList());
        GenerationRequest request = GOOD.withNegativePrompt(" crying  face ").check().request().orElseThrow();
        assertEquals("crying face", request.negativePrompt());
        assertEquals(request, RequestText.of(request).check().request().orElseThrow());
    }

    @Test
    void numbersAreCheckedAtTheirLimits() {
        assertEquals(0L, RequestValidation.seed("0").orElseThrow());
        assertEquals(RequestValidation.MAX_SEED, RequestValidation.seed(Long.toString(RequestValidation.MAX_SEED)).orElseThrow());
        assertEquals("Seed must be at most 9223372036854775744 (got 9223372036854775745).",
                RequestValidation.seed("9223372036854775745").message().orElseThrow());
        assertEquals("Steps must be between 1 and 1000 (got 99999999999999999999).",
                RequestValidation.steps("99999999999999999999").message().orElseThrow(), "huge is out of range, not 'no number'");
        assertEquals(30.0, RequestValidation.guidance("30").orElseThrow());
        assertEquals("Guidance must be between 0 and 30 (got 30.5).", RequestValidation.guidance(" 30.5 ").message().orElseThrow());
        for (String notANumber : List.of("NaN", "Infinity", "4f", "0x1p2", "")) {
            assertEquals("Guidance must be a number such as 4 (got \"" + notANumber + "\").",
                    RequestValidation.guidance(notANumber).message().orElseThrow());
        }
        assertEquals(0.25, RequestValidation.styleStrength(".25").orElseThrow());
        assertEquals("Style strength must be between 0 (off) and 10 (got 1e3).",
                RequestValidation.styleStrength("1e3").message().orElseThrow());
        assertEquals("Count must be a whole number between 1 and 64 (got \"2.5\").",
                RequestValidation.count("2.5").message().orElseThrow());
    }

    @Test
    void stylesAndSamplersAreReadCaseInsensitivelyAsTheirIds() {
        GenerationRequest request = new RequestText("cat", " Twitter ", "1", "25", "4", "1", "EULER", "1").check()
                .request().orElseThrow();
        assertEquals("twitter", request.style());
        assertEquals(SamplerKind.EULER, request.sampler());
    }

    @Test
    void theRecordStillTakesWhatOnlyAPersonIsRefused() {
        // Queue files and recipes written before these rules (or by the API) stay readable.
        GenerationRequest unconditional = new GenerationRequest("", "google", -3, 25, 50, 20, null, 1);
        assertEquals(List.of(Field.PROMPT, Field.SEED, Field.GUIDANCE, Field.STYLE_STRENGTH),
                RequestText.of(unconditional).check().problems().stream().map(Problem::field).toList());
        assertThrows(IllegalArgumentException.class, () -> RequestValidation.seed("-3").orElseThrow());
    }
}
