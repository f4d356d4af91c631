package dev.tessera.ui;

import dev.tessera.app.cli.TesseraCli;
import java.io.PrintStream;
import java.util.Optional;
import java.util.logging.Logger;
import javafx.application.Application;

/**
 * Entry point of {@code ./tessera}: no arguments opens the studio window, anything else is a CLI
 * sub-command. This class must not extend {@link Application}: JavaFX runs from the class path.
 */
public final class TesseraMain {

    /** JavaFX's own logger; kept here so the filter set on it is not collected with it. */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    private TesseraMain() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            int exit = openStudio(() -> Application.launch(StudioApp.class), System.err);
            if (exit != 0) {
                System.exit(exit);
            }
        } else {
            System.exit(TesseraCli.execute(args));
        }
    }

    /**
     * Runs {@code launch} (the studio until its window closes) and returns the exit code: 0, or 1
     * with one line on {@code err} when this machine cannot show the window (no GTK 3, no display).
     */
    static int openStudio(Runnable launch, PrintStream err) {
        // Running JavaFX from the class path is deliberate (see above); its warning about it is noise.
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        try {
            launch.run();
            return 0;
        } catch (RuntimeException | LinkageError e) {
            Optional<String> line = StudioStartFailure.explain(e, System.getenv("DISPLAY"));
            if (line.isEmpty()) {
                throw e;
            }
            err.println("tessera: " + line.get());
            return 1;
        }
    }
}
