package dev.tessera.ui;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Stylesheets for the views, kept next to their code as data URIs (the build packages only
 * {@code assets/} as resources). Colours are GitHub Primer's, matching the AtlantaFX Primer theme.
 */
public final class ViewStyles {

    private ViewStyles() {}

    /** Shared look of the studio views: titles, banners, messages, side forms and state colours. */
    public static final String CSS = """
            .studio-view { -fx-padding: 16; }
            .view-title { -fx-font-size: 20px; -fx-font-weight: bold; }
            .section-title { -fx-font-size: 15px; -fx-font-weight: bold; }
            .muted { -fx-text-fill: #57606a; }
            .placeholder { -fx-text-fill: #6e7781; }
            .banner { -fx-background-color: #fff8c5; -fx-border-color: #d4a72c; -fx-border-radius: 6;
                      -fx-background-radius: 6; -fx-padding: 8 12 8 12; }
            .banner .label { -fx-text-fill: #3b2300; }
            .error-text { -fx-text-fill: #cf222e; }
            .ok-text { -fx-text-fill: #1a7f37; }
            .side-pane { -fx-padding: 0; }
            .state-running { -fx-text-fill: #0969da; -fx-font-weight: bold; }
            .state-done { -fx-text-fill: #1a7f37; }
            .state-failed { -fx-text-fill: #cf222e; -fx-font-weight: bold; }
            .state-cancelled { -fx-text-fill: #6e7781; }
            .table-row-cell:selected .table-cell { -fx-text-fill: -fx-selection-bar-text; }
            """;

    public static String dataUri() {
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(CSS.getBytes(StandardCharsets.UTF_8));
    }
}
