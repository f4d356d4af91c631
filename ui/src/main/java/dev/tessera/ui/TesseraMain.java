package dev.tessera.ui;

import dev.tessera.app.cli.TesseraCli;
import dev.tessera.generation.engine.TesseraHome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import javafx.application.Application;

/**
 * Entry point of {@code ./tessera}: no arguments opens the studio window, one PNG file opens it with
 * that PNG's settings restored (the desktop's "Open with Tessera"), anything else is a CLI
 * sub-command. This class must not extend {@link Application}: JavaFX runs from the class path.
 */
public final class TesseraMain {

    /** JavaFX's own logger; kept here so the filter set on it is not collected with it. */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    private TesseraMain() {}

    /** JavaFX unpacks its natives here (default {@code ~/.openjfx}); Tessera keeps them in its data folder. */
    static final String JAVAFX_CACHE_PROPERTY = "javafx.cachedir";

    public static void main(String[] args) {
        if (args.length == 0 || pngToOpen(args).isPresent()) {
            if (System.getProperty(JAVAFX_CACHE_PROPERTY) == null) {
                System.setProperty(JAVAFX_CACHE_PROPERTY, javafxCache(TesseraHome.current()).toString());
            }
            StudioApp.readSettingsWhileJavaFxStarts(TesseraHome.current());
            int exit = openStudio(() -> Application.launch(StudioApp.class, args), System.err);
            if (exit != 0) {
                System.exit(exit);
            }
        } else {
            System.exit(TesseraCli.execute(args));
        }
    }

    /**
     * The PNG to open in the studio when the arguments are exactly one file name ending in
     * {@code .png} (no sub-command has such a name); empty for a CLI command line.
     */
    static Optional<Path> pngToOpen(String[] args) {
        if (args.length != 1 || args[0].startsWith("-") || !args[0].toLowerCase(Locale.ROOT).endsWith(".png")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(args[0]).toAbsolutePath());
    }

    static Path javafxCache(TesseraHome home) {
        return home.root().resolve("javafx-cache");
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
