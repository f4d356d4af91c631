package dev.tessera.ui.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.app.generate.RequestText;
import dev.tessera.app.queue.SweepSetting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Form checks name the field and the problem, and report everything at once. */
class QueueFormsTest {

    private static final RequestText BASE = new RequestText("cat", "google", "1", "25", "1.5", "0.5", "ddim", "1");

    @Test
    void sweepFormChecksAxesValuesAndSize() {
        Path model = Path.of("m.safetensors");
        SweepForm.Parsed bad = new SweepForm(" \n", "1, x, 9-3", SweepSetting.STEPS, "10, ten, 0", BASE, "", model).parse();
        assertEquals(List.of("Prompt is empty; say what the emoji shows, e.g. \"cat face\".",
                "Seed must be a whole number, e.g. 42 (got \"x\").",
                "Seeds: range '9-3' must go upwards and hold at most 1000 seeds",
                "Values: Steps must be a whole number between 1 and 1000 (got \"ten\").",
                "Values: Steps must be between 1 and 1000 (got 0).",
                "Output folder: choose where the images go"), bad.errors());

        SweepForm.Parsed badLines = new SweepForm("cat\n" + "x".repeat(501) + "\n", "2, 5-4000", null, "", BASE, "out",
                model).parse();
        assertEquals(List.of("Prompt is 501 characters long; the limit is 500.",
                "Seeds: range '5-4000' must go upwards and hold at most 1000 seeds"), badLines.errors());
        SweepForm.Parsed badBase = new SweepForm("cat", "1", null, "", new RequestText("", "twitter", "", "25", "31",
                "0", "ddim", "0"), "out", model).parse();
        assertEquals(List.of("Guidance must be between 0 and 30 (got 31).", "Count must be between 1 and 64 (got 0)."),
                badBase.errors(), "the base's own prompt and seed are not used, so not checked");

        SweepForm.Parsed huge = new SweepForm("a\nb", "1-300", null, "", BASE, "out", model).parse();
        assertEquals(List.of("This sweep would add 600 jobs; at most 500 can be added at once"), huge.errors());

        SweepForm.Parsed noModel = new SweepForm("a", "1", SweepSetting.SAMPLER, "euler, ddim", BASE, "out", null).parse();
        assertEquals(List.of("Model: no ACDiT model is installed; import one in Models"), noModel.errors());

        SweepForm.Plan plan = new SweepForm("a", "1", SweepSetting.SAMPLER, "euler, ddim", BASE, "out", model)
                .parse().plan().orElseThrow();
        assertEquals(2, plan.jobCount());
        SweepForm.Plan spaced = new SweepForm("  cat \t face \n\n rocket", "3, 10-11", null, "", BASE, "out", model)
                .parse().plan().orElseThrow();
        assertEquals(List.of("cat face", "rocket"), spaced.prompts(), "prompts normalised as the encoder reads them");
        assertEquals(List.of(3L, 10L, 11L), spaced.seeds());
        assertEquals("cat face", spaced.base().prompt());
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("45 s", JobText.duration(Duration.ofMillis(44_600)));
        assertEquals("3 min 10 s", JobText.duration(Duration.ofSeconds(190)));
        assertEquals("2 min", JobText.duration(Duration.ofSeconds(120)));
        assertEquals("1 h 5 min", JobText.duration(Duration.ofSeconds(3900)));
    }
}
