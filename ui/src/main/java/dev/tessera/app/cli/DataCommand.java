package dev.tessera.app.cli;

import picocli.CommandLine.Command;

/** {@code tessera data ...}: importing and inspecting training data. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Import and inspect training data.",
        subcommands = {ImportEmojiCommand.class, DataStatsCommand.class, ContactSheetCommand.class,
                ExportTrainingSetCommand.class, ExportMotionSetCommand.class})
public final class DataCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
