package dev.tessera.ui;

/** A training loss after {@code step} steps, as the pages that train draw it live. */
public record LossPoint(long step, float loss) {}
