package dev.tessera.app.cli;

import dev.tessera.app.models.ModelDetails;
import dev.tessera.compression.CompressionInfo;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tessera inspect <file>}: what a model file holds, including the compression it carries. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model file's kind, config, provenance, metrics and compression (pruned parts, INT4 weights).")
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the model file") Path file;

    @Override
    public Integer call() throws Exception {
        SafetensorsReader.readMetadata(file); // a broken file fails here with its problem, before anything prints
        System.out.printf(Locale.ROOT, "%s: %s model, %s%n", file, SafetensorsReader.readMetadata(file)
                .getOrDefault("tessera.model", "unknown"), ModelDetails.formatSize(Files.size(file)));
        CompressionInfo compression = CompressionInfo.of(file);
        section("compression", compression.describe());
        ModelDetails details = ModelDetails.ofFile(file);
        section("config", lines(details.config()));
        section("provenance", lines(details.provenance()));
        section("metrics", lines(details.metrics()));
        section("other metadata", lines(details.other()));
        return 0;
    }

    private static List<String> lines(List<ModelDetails.Entry> entries) {
        return entries.stream().map(e -> e.name() + ": " + e.value()).toList();
    }

    private static void section(String title, List<String> lines) {
        if (!lines.isEmpty()) {
            System.out.println(title + ":");
            lines.forEach(line -> System.out.println("  " + line));
        }
    }
}
