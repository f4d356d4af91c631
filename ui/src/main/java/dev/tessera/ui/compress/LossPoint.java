package dev.tessera.ui.compress;

/** The distillation loss after {@code step} steps. */
public record LossPoint(long step, float loss) {}
