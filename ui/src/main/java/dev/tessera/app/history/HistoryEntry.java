package dev.tessera.app.history;

import dev.tessera.app.generate.Recipe;
import java.nio.file.Path;
import java.time.Instant;

/** One image in the history folder with the recipe read from its PNG chunks. */
public record HistoryEntry(Path file, Recipe recipe, Instant created) {}
