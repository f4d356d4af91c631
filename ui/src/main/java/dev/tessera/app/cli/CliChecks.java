package dev.tessera.app.cli;

import dev.tessera.app.generate.RequestValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The checks a command runs on its options before it loads a model or reads data, so that a
 * mistake is a usage error (exit code 2) at once, one line per refused option, each naming it,
 * instead of a failure after minutes of work. Collects every problem, then {@link #orRefuse()}.
 */
final class CliChecks {

    private final CommandSpec command;
    private final List<String> problems = new ArrayList<>();

    private CliChecks(CommandSpec command) {
        this.command = command;
    }

    static CliChecks of(CommandSpec command) {
        return new CliChecks(command);
    }

    CliChecks atLeast(String option, long value, long min) {
        if (value < min) {
            problems.add(option + " must be at least " + min + " (got " + value + ")");
        }
        return this;
    }

    CliChecks between(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            problems.add(option + " must be between " + number(min) + " and " + number(max) + " (got " + value + ")");
        }
        return this;
    }

    CliChecks existingFile(String option, Path file) {
        if (file == null || file.toString().isBlank()) {
            problems.add(option + " is empty; name a file");
        } else if (!Files.isRegularFile(file)) {
            problems.add(option + " " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
        return this;
    }

    /** An ACDiT model file whose header agrees with its config (only the header is read). */
    CliChecks acditModel(String option, Path file) {
        RequestValidation.acditModelFile(file).message().ifPresent(m -> problems.add(option + ": " + m));
        return this;
    }

    /** A folder of PNG images to evaluate: it exists and holds at least one. */
    CliChecks imageFolder(String option, Path folder) {
        if (folder == null || folder.toString().isBlank()) {
            problems.add(option + " is empty; name a folder of PNG images");
        } else if (!Files.isDirectory(folder)) {
            problems.add(option + " " + folder + (Files.exists(folder) ? " is not a folder" : " does not exist"));
        } else if (!holdsPng(folder)) {
            problems.add(option + " " + folder + " holds no PNG image");
        }
        return this;
    }

    CliChecks outputFolder(String option, Path folder) {
        RequestValidation.outputFolder(folder).message().ifPresent(m -> problems.add(option + ": " + m));
        return this;
    }

    /** A file to write: its folder must be fit for output, and it must not be a folder itself. */
    CliChecks outputFile(String option, Path file) {
        if (file == null || file.toString().isBlank() || file.getFileName() == null) {
            problems.add(option + " is empty; name a file");
        } else if (Files.isDirectory(file)) {
            problems.add(option + " " + file + " is a folder; name a file");
        } else {
            outputFolder(option, file.toAbsolutePath().getParent());
        }
        return this;
    }

    /** A usage error listing every problem found; nothing when all options were fine. */
    void orRefuse() {
        if (!problems.isEmpty()) {
            throw new ParameterException(command.commandLine(), String.join(System.lineSeparator(), problems));
        }
    }

    private static boolean holdsPng(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
