package dev.tessera.ui.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.queue.SweepSetting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Form checks name the field and the problem, and report everything at once. */
class QueueFormsTest {

    private static final RequestForm BASE = new RequestForm("cat", "google", "1", "1", "25", "1.5", "0.5", "ddim");

    @Test
    void requestFormReportsEveryBadField() {
        RequestForm.Parsed parsed = new RequestForm("cat", "emojione", "x", "0", "5000", "-1", "hard", "plms").parse();
        assertTrue(parsed.request().isEmpty());
        assertEquals(7, parsed.errors().size(), parsed.errors().toString());
        assertTrue(parsed.errors().get(0).startsWith("Style: unknown emoji style 'emojione'"), parsed.errors().get(0));
        assertTrue(parsed.errors().contains("Seed: 'x' is not a whole number"));
        assertTrue(parsed.errors().contains("Images: must be from 1 to 64, got 0"));
        assertTrue(parsed.errors().contains("Steps: must be from 1 to 1000, got 5000"));
        assertTrue(parsed.errors().contains("Guidance: must be a number from 0 to 30, got '-1'"));
        assertTrue(parsed.errors().contains("Style strength: 'hard' is not a number"));
        assertTrue(parsed.errors().get(6).startsWith("Sampler: Unknown sampler 'plms'"));
    }

    @Test
    void requestFormRoundTripsARequest() {
        assertEquals(BASE, RequestForm.of(BASE.parse().request().orElseThrow()));
    }

    @Test
    void sweepFormChecksAxesValuesAndSize() {
        Path model = Path.of("m.safetensors");
        SweepForm.Parsed bad = new SweepForm(" \n", "1, x, 9-3", SweepSetting.STEPS, "10, ten, 0", BASE, "", model).parse();
        assertEquals(List.of("Prompts: enter at least one prompt, one per line",
                "Seeds: 'x' is not a whole number or a range like 10-12",
                "Seeds: range '9-3' must go upwards and hold at most 1000 seeds",
                "Values: sweep value 'ten' is not a number for steps",
                "Values: steps must be between 1 and 1000, got 0",
                "Output folder: choose where the images go"), bad.errors());

        SweepForm.Parsed huge = new SweepForm("a\nb", "1-300", null, "", BASE, "out", model).parse();
        assertEquals(List.of("This sweep would add 600 jobs; at most 500 can be added at once"), huge.errors());

        SweepForm.Parsed noModel = new SweepForm("a", "1", SweepSetting.SAMPLER, "euler, ddim", BASE, "out", null).parse();
        assertEquals(List.of("Model: no ACDiT model is installed; import one in Models"), noModel.errors());

        SweepForm.Plan plan = new SweepForm("a", "1", SweepSetting.SAMPLER, "euler, ddim", BASE, "out", model)
                .parse().plan().orElseThrow();
        assertEquals(2, plan.jobCount());
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("45 s", JobText.duration(Duration.ofMillis(44_600)));
        assertEquals("3 min 10 s", JobText.duration(Duration.ofSeconds(190)));
        assertEquals("2 min", JobText.duration(Duration.ofSeconds(120)));
        assertEquals("1 h 5 min", JobText.duration(Duration.ofSeconds(3900)));
    }
}
