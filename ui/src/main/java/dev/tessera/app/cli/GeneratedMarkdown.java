package dev.tessera.app.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A results page whose head (title, how it was measured, the table) a command writes and whose
 * later {@code ## } sections people write: regenerating the head keeps those sections.
 */
final class GeneratedMarkdown {

    private static final Pattern FIRST_SECTION = Pattern.compile("^## ", Pattern.MULTILINE);

    private GeneratedMarkdown() {}

    /** {@code head}, followed by every section of {@code existing} from its first {@code ## } heading on. */
    static String withHandWrittenSections(String head, String existing) {
        Matcher section = FIRST_SECTION.matcher(existing);
        if (!section.find()) {
            return head;
        }
        return head.stripTrailing() + "\n\n" + existing.substring(section.start());
    }
}
