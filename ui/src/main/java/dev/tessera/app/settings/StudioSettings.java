package dev.tessera.app.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the studio remembers between runs.
 *
 * @param window        null until the window has been closed once
 * @param promptHistory most recent first, without duplicates, at most {@link #PROMPT_HISTORY_SIZE}
 */
public record StudioSettings(WindowBounds window, Theme theme, GenerateSettings generate, List<String> promptHistory) {

    public static final int PROMPT_HISTORY_SIZE = 30;

    public StudioSettings {
        theme = theme == null ? Theme.LIGHT : theme;
        generate = generate == null ? GenerateSettings.defaults() : generate;
        promptHistory = promptHistory == null ? List.of()
                : promptHistory.stream().filter(p -> p != null && !p.isBlank()).distinct()
                        .limit(PROMPT_HISTORY_SIZE).toList();
    }

    public static StudioSettings defaults() {
        return new StudioSettings(null, Theme.LIGHT, GenerateSettings.defaults(), List.of());
    }

    public StudioSettings withWindow(WindowBounds bounds) {
        return new StudioSettings(bounds, theme, generate, promptHistory);
    }

    public StudioSettings withTheme(Theme newTheme) {
        return new StudioSettings(window, newTheme, generate, promptHistory);
    }

    public StudioSettings withGenerate(GenerateSettings newGenerate) {
        return new StudioSettings(window, theme, newGenerate, promptHistory);
    }

    /** Puts {@code prompt} first in the history (moving it if it was there already); blank prompts are not kept. */
    public StudioSettings withPromptUsed(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            return this;
        }
        List<String> history = new ArrayList<>();
        history.add(prompt.strip());
        promptHistory.stream().filter(p -> !p.equals(prompt.strip())).forEach(history::add);
        return new StudioSettings(window, theme, generate, history);
    }
}
