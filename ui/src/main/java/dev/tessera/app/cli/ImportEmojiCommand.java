package dev.tessera.app.cli;

import dev.tessera.generation.data.EmojiImportResult;
import dev.tessera.generation.data.EmojiImporter;
import dev.tessera.generation.data.EmojiStyle;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera data import-emoji}: derives a compact emoji set from an emoji-datasource npm package. */
@Command(name = "import-emoji", mixinStandardHelpOptions = true,
        description = "Import emoji-datasource-<style>@16.0.0 (npm .tgz or unpacked folder) into assets/data/emoji-<style>-<size>.bin.")
public final class ImportEmojiCommand implements Callable<Integer> {

    @Option(names = "--package", required = true, description = "npm tarball (.tgz) or unpacked package folder")
    Path packagePath;

    @Option(names = "--style", required = true, description = "google or twitter")
    String style;

    @Option(names = "--size", defaultValue = "" + EmojiImporter.DEFAULT_SIZE, description = "output image size, 1..64 (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--out-dir", defaultValue = "assets/data", description = "output folder (default: ${DEFAULT-VALUE})")
    Path outputFolder;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // The importer names a missing package and an unknown style itself (exit code 1).
        CliChecks.of(spec).atLeast("--size", size, 1).outputFolder("--out-dir", outputFolder).orRefuse();
        EmojiImportResult result = EmojiImporter.importPackage(packagePath, EmojiStyle.parse(style), size, outputFolder);
        System.out.printf("imported %d %s emoji at %d×%d from %s%n", result.set().count(), result.set().style(),
                size, size, result.set().source());
        System.out.printf("wrote %s (%,d bytes) and %s%n", result.dataFile(), result.dataFileBytes(), result.licenceFile());
        return 0;
    }
}
