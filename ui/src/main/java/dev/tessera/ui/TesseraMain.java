package dev.tessera.ui;

import dev.tessera.app.cli.TesseraCli;
import javafx.application.Application;

/**
 * Entry point of {@code ./tessera}: no arguments opens the studio window, anything else is a CLI
 * sub-command. This class must not extend {@link Application}: JavaFX runs from the class path.
 */
public final class TesseraMain {

    private TesseraMain() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            Application.launch(StudioApp.class);
        } else {
            System.exit(TesseraCli.execute(args));
        }
    }
}
