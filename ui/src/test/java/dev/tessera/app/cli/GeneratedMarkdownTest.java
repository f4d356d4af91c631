package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GeneratedMarkdownTest {

    private static final String HEAD = "# Metric sanity table\n\nMeasured today.\n\n| a | b |\n| 1 | 2 |\n";

    @Test
    void regeneratingTheHeadKeepsEveryHandWrittenSection() {
        String existing = "# Metric sanity table\n\nMeasured last week.\n\n| a | b |\n| 9 | 9 |\n\n"
                + "## Reading the table\n\nFED ranks rows.\n\n## Which real images\n\nBase emoji.\n";
        assertEquals("# Metric sanity table\n\nMeasured today.\n\n| a | b |\n| 1 | 2 |\n\n"
                + "## Reading the table\n\nFED ranks rows.\n\n## Which real images\n\nBase emoji.\n",
                GeneratedMarkdown.withHandWrittenSections(HEAD, existing));
    }

    @Test
    void aNewFileOrOneWithoutSectionsGetsTheHeadAlone() {
        assertEquals(HEAD, GeneratedMarkdown.withHandWrittenSections(HEAD, ""));
        assertEquals(HEAD, GeneratedMarkdown.withHandWrittenSections(HEAD, "# Metric sanity table\n\n| old |\n"));
    }

    @Test
    void aLevelThreeHeadingOrAHashInsideALineIsNotASection() {
        String existing = "# T\n\n### detail\n\ntext with ## inside\n";
        assertEquals(HEAD, GeneratedMarkdown.withHandWrittenSections(HEAD, existing));
    }
}
