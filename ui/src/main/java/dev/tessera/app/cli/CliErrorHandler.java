package dev.tessera.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a sub-command into one clear line on stderr and exit code 1, instead of
 * a stack trace. The stack trace is still printed with {@code -Dtessera.debug=true}.
 */
final class CliErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + message));
        if (Boolean.getBoolean("tessera.debug")) {
            ex.printStackTrace(commandLine.getErr());
        }
        return 1;
    }
}
