package dev.tessera.compression.prune;

import dev.tessera.generation.acdit.model.RemovedPart;

/**
 * What one part of the model contributes: the ε-error of the model without it against the whole
 * model on the calibration set, and the parameters its removal saves.
 */
public record Contribution(RemovedPart part, long parametersSaved, double epsilonError) {}
