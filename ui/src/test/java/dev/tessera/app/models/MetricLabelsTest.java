package dev.tessera.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricLabelsTest {

    private static String shown(String key, String raw) {
        ModelDetails.Entry entry = MetricLabels.entry(key, raw);
        return entry.name() + " = " + entry.value();
    }

    @Test
    void knownMeasuresGetReadableNamesAndUnits() {
        assertEquals("Identity top-5 (%) = 87.2", shown("top5", "0.872"));
        assertEquals("FED (lower is better) = 27.10", shown("fed", "27.1"));
        assertEquals("Identity top-5 (%) — clean = 99.9", shown("clean_identity_top5", "0.9986793449550977"));
        assertEquals("Style accuracy (%) — seen prompts = 92.8", shown("eval_seen_style", "0.928"));
        assertEquals("Style strength — seen prompts = 1.000", shown("eval_seen_style_strength", "1.0"),
                "style strength is not a qualified style accuracy");
        assertEquals("FED vs google (lower is better) — seen prompts = 31.10", shown("eval_seen_fed_google", "31.1"));
        assertEquals("Identity top-1 (%) — other style = 24.7", shown("cross_style_identity_top1", "0.24749"));
        assertEquals("Seconds per image = 0.835 s", shown("seconds_per_image", "0.835"));
        assertEquals("Parameters = 2,512,384", shown("params", "2512384"));
        assertEquals("Images measured — seen prompts = 1,911", shown("eval_seen_images", "1911.0"));
    }

    @Test
    void unknownKeysAreShownAsTheyAre() {
        assertEquals("wobble = 0.1235", shown("wobble", "0.123456"));
        assertEquals("notes = fine", shown("notes", "fine"));
    }
}
