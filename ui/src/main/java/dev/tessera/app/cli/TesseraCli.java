package dev.tessera.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line face of Tessera. Each sub-command is a small class in this package that calls
 * the same application services as the studio.
 */
@Command(
        name = "tessera",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        // One line each: picocli wraps long lines at any break opportunity, and one fell inside "./tessera".
        description = {"Tessera: block-wise autoregressive diffusion studio.",
                "Without a sub-command, ./tessera opens the studio."},
        subcommands = {GenerateCommand.class, DataCommand.class, TrainCommand.class, EvalCommand.class, BenchCommand.class, QueueCommand.class,
                CompressCommand.class, ConvertCommand.class, InspectCommand.class})
public final class TesseraCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the CLI and returns the process exit code. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new TesseraCli());
        commandLine.setExecutionExceptionHandler(new CliErrorHandler());
        return commandLine.execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
