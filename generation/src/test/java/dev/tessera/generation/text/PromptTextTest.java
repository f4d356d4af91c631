package dev.tessera.generation.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromptTextTest {

    @Test
    void trimsAndCollapsesWhitespace() {
        assertEquals("cat face", PromptText.normalise("  cat \t\n  face  "));
    }

    @Test
    void emptyAndBlankAreTheUnconditionalPrompt() {
        assertEquals("", PromptText.normalise(""));
        assertEquals("", PromptText.normalise(" \n "));
    }

    @Test
    void rejectsControlCharactersNamingThem() {
        InvalidPromptException e = assertThrows(InvalidPromptException.class,
                () -> PromptText.normalise("cat\u0007face"));
        assertTrue(e.getMessage().contains("U+0007"), e.getMessage());
        assertTrue(e.getMessage().contains("position 4"), e.getMessage());
    }

    @Test
    void rejectsOverLongPromptsWithTheirLength() {
        String longPrompt = "a".repeat(501);
        InvalidPromptException e = assertThrows(InvalidPromptException.class, () -> PromptText.normalise(longPrompt));
        assertTrue(e.getMessage().contains("501") && e.getMessage().contains("500"), e.getMessage());
        assertEquals(500, PromptText.normalise("a".repeat(500)).length());
    }

    @Test
    void lengthCountsAfterCollapsingSpaces() {
        // 300 words separated by many spaces collapse well under the limit.
        String spaced = "ab     ".repeat(100);
        assertEquals(299, PromptText.normalise(spaced).length());
    }

    @Test
    void rejectsNull() {
        assertThrows(InvalidPromptException.class, () -> PromptText.normalise(null));
    }
}
