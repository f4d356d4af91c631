package dev.tessera.ui;

import java.util.Optional;

/**
 * The studio window cannot open on this machine: JavaFX found no GTK 3 library or no display. Says
 * so in one line a user can act on, instead of JavaFX's stack trace; other failures are not ours to
 * explain and stay as they are.
 */
final class StudioStartFailure {

    static final String NO_GTK = "The studio needs GTK 3: sudo apt install libgtk-3-0"
            + " (the CLI works without it: ./tessera --help)";


    private StudioStartFailure() {}

    /** The line for a display that could not be opened; {@code display} is $DISPLAY, null when unset. */
    static String noDisplay(String display) {
        return "The studio needs a graphical desktop and could not open a display ("
                + (display == null || display.isBlank() ? "DISPLAY is not set" : "DISPLAY=" + display)
                + "; over SSH use ssh -X). The CLI works without one: ./tessera --help";
    }

    /** The line for {@code failure} or any of its causes, or empty when it is not a missing GTK or display. */
    static Optional<String> explain(Throwable failure, String display) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof UnsupportedOperationException && message.startsWith("Unable to load glass GTK library")
                    || t instanceof UnsatisfiedLinkError && (message.contains("libgtk-3") || message.contains("glassgtk3"))) {
                return Optional.of(NO_GTK);
            }
            if (t instanceof UnsupportedOperationException && message.startsWith("Unable to open DISPLAY")) {
                return Optional.of(noDisplay(display));
            }
        }
        return Optional.empty();
    }
}
