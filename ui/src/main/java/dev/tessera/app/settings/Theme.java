package dev.tessera.app.settings;

/** The studio's colour theme. */
public enum Theme {
    LIGHT, DARK
}
