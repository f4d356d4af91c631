package dev.tessera.app.cli;

/**
 * How the CLI takes several prompts in one option ({@code queue add --sweep-prompts}, {@code eval
 * grid --prompts}): separated by semicolons, since a prompt may hold a comma. The option may also
 * be given once per prompt.
 */
final class PromptLists {

    /** The separator, as picocli's {@code split} regex. */
    static final String SEPARATOR = ";";

    /** The words an option's description uses for it. */
    static final String HOW = "separated by ';' (or the option once per prompt)";

    private PromptLists() {}
}
