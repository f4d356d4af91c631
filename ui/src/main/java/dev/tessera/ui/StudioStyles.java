package dev.tessera.ui;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The studio's own few style rules on top of the AtlantaFX theme. They use the theme's colour
 * variables, so they work in both the dark and the light theme. Served as a data URL so the
 * stylesheet lives with the code that uses its class names.
 */
final class StudioStyles {

    private static final String CSS = """
            .nav { -fx-background-color: -color-bg-subtle; -fx-border-color: -color-border-default;
                   -fx-border-width: 0 1 0 0; -fx-padding: 16 10 16 10; -fx-spacing: 4; }
            .nav .app-name { -fx-font-size: 20px; -fx-font-weight: bold; -fx-padding: 0 8 14 8; }
            .nav .toggle-button { -fx-alignment: center-left; -fx-padding: 8 14 8 14;
                                  -fx-background-radius: 6; -fx-font-size: 14px; }
            .nav .nav-hint { -fx-font-size: 11px; -fx-text-fill: -color-fg-muted; -fx-padding: 0 8 0 8; }
            .status-bar { -fx-background-color: -color-bg-subtle; -fx-border-color: -color-border-default;
                          -fx-border-width: 1 0 0 0; -fx-padding: 4 12 4 12; -fx-spacing: 16; }
            .status-bar .warning { -fx-text-fill: -color-warning-fg; }
            .status-bar .error { -fx-text-fill: -color-danger-fg; }
            .muted { -fx-text-fill: -color-fg-muted; }
            .field-label { -fx-font-weight: bold; }
            .field-error { -fx-text-fill: -color-danger-fg; -fx-font-size: 12px; }
            .notice { -fx-background-color: -color-accent-subtle; -fx-text-fill: -color-fg-default;
                      -fx-padding: 8; -fx-background-radius: 6; }
            .form-scroll, .form-scroll > .viewport { -fx-background-color: -color-bg-default; }
            .form-scroll { -fx-border-color: -color-border-default; -fx-border-width: 0 1 0 0; }
            .preview-frame { -fx-background-color: -color-bg-inset; -fx-border-color: -color-border-default;
                             -fx-border-width: 1; }
            .strip, .strip > .viewport { -fx-background-color: -color-bg-subtle; }
            .thumbnail { -fx-padding: 4; -fx-background-radius: 6; }
            .drop-down-arrow { -fx-shape: "M 0 0 L 8 0 L 4 5 Z"; -fx-background-color: -color-fg-muted;
                               -fx-min-width: 8; -fx-min-height: 5; -fx-max-width: 8; -fx-max-height: 5; }
            .thumbnail:selected { -fx-background-color: -color-accent-emphasis; }
            .init-block { -fx-background-color: transparent; -fx-background-radius: 0; -fx-border-color: -color-fg-muted;
                          -fx-border-width: 0.5; -fx-text-fill: transparent; -fx-padding: 0; }
            .init-block:hover { -fx-background-color: rgba(128, 128, 128, 0.25); }
            .init-block:selected { -fx-background-color: transparent; -fx-border-color: -color-accent-emphasis;
                                   -fx-border-width: 3; -fx-text-fill: -color-accent-emphasis; }
            """;

    private StudioStyles() {}

    static String dataUrl() {
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(CSS.getBytes(StandardCharsets.UTF_8));
    }
}
