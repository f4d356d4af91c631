package dev.tessera.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.tessera.app.settings.Theme;
import javafx.application.Application;

/**
 * Applies the AtlantaFX Primer theme matching the user's choice to every window of the app. The
 * theme's binary stylesheet (the same rules, compiled to JavaFX's BSS by AtlantaFX and shipped in its
 * jar) is used: JavaFX reads it faster than the CSS text, before the first frame.
 */
final class Themes {

    private Themes() {}

    static void apply(Theme theme) {
        Application.setUserAgentStylesheet(switch (theme) {
            case DARK -> new PrimerDark().getUserAgentStylesheetBSS();
            case LIGHT -> new PrimerLight().getUserAgentStylesheetBSS();
        });
    }
}
