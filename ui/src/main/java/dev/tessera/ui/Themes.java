package dev.tessera.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.tessera.app.settings.Theme;
import javafx.application.Application;

/** Applies the AtlantaFX Primer theme matching the user's choice to every window of the app. */
final class Themes {

    private Themes() {}

    static void apply(Theme theme) {
        Application.setUserAgentStylesheet(switch (theme) {
            case DARK -> new PrimerDark().getUserAgentStylesheet();
            case LIGHT -> new PrimerLight().getUserAgentStylesheet();
        });
    }
}
