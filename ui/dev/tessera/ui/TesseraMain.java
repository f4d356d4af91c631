package dev.tessera.ui;

import dev.tessera.app.cli.TesseraCli;
import javafx.application.Application;

/**
 * Entry point of {@code ./tessera}: no arguments opens the studio window, anything else is a CLI
 * sub-command. This class must not extend {@link Application}: JavaFX runs from the class path.
 */
public final class TesseraMain {

    private static final String LOG_PREFIX = "org.slf4j.simpleLogger.";

    private TesseraMain() {}

    public static void main(String[] args) {
        // DJL's INFO lines are noise to a user; its warnings and errors still show. Its GPU probe warns on
        // every machine without CUDA, which is the default here (CPU), so only its errors show. -D wins.
        setIfAbsent(LOG_PREFIX + "defaultLogLevel", "warn");
        setIfAbsent(LOG_PREFIX + "log.ai.djl.util.cuda.CudaUtils", "error");
        if (args.length == 0) {
            Application.launch(StudioApp.class);
        } else {
            System.exit(TesseraCli.execute(args));
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
