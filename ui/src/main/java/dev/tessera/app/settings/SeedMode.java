package dev.tessera.app.settings;

/** What happens to the seed after each run: kept, replaced by a random one, or advanced past the images made. */
public enum SeedMode {
    LOCKED, RANDOM, INCREMENT
}
