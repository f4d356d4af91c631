package dev.tessera.app.cli;

import dev.tessera.generation.data.EmojiStyle;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a data export for the GPU trainer goes and which styles it holds (a picocli mixin of the export commands). */
final class ExportOptions {

    @Option(names = "--out", required = true, description = "file to write, e.g. training-set.safetensors.gz")
    Path out;

    @Option(names = "--styles", split = ",", description = "styles to export, e.g. google,twitter (default: all)")
    List<String> styles;

    EmojiStyle[] chosenStyles() {
        return styles == null ? EmojiStyle.values() : styles.stream().map(EmojiStyle::parse).toArray(EmojiStyle[]::new);
    }
}
