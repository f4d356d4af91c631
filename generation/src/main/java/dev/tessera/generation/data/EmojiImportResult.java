package dev.tessera.generation.data;

import java.nio.file.Path;

/** What an import wrote: the set, its file and that file's size, and the licence file beside it. */
public record EmojiImportResult(EmojiSet set, Path dataFile, long dataFileBytes, Path licenceFile) {
}
