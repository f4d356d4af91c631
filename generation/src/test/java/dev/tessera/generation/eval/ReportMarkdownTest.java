package dev.tessera.generation.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.generation.data.EmojiStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportMarkdownTest {

    private static ImageVerdict real(String prompt, EmojiStyle style, boolean styleCorrect) {
        return new ImageVerdict(new EvalPrompt(prompt, style, "1F1EF", "country-flag", true, 1), prompt, true, true,
                styleCorrect ? style.id() : "other", styleCorrect);
    }

    private static ImageSetReport report(ImageVerdict... verdicts) {
        return new ImageSetReport("real images of the seen prompts", "base", verdicts.length, null, null, null, null,
                List.of(verdicts));
    }

    @Test
    void theRealImagesTheJudgeGivesTheWrongStyleAreNamedWithTheirStyle() {
        String text = ReportMarkdown.realStyleMisses(report(real("japan flag", EmojiStyle.GOOGLE, false),
                real("rocket", EmojiStyle.GOOGLE, true), real("japan flag", EmojiStyle.TWITTER, false)));
        assertEquals(String.format("%nThe judge names the style of 1 of the 3 real images of the seen prompts; it misses"
                + " japan flag (google), japan flag (twitter).%n"), text);
        assertEquals("", ReportMarkdown.realStyleMisses(report(real("rocket", EmojiStyle.TWITTER, true))));
    }
}
