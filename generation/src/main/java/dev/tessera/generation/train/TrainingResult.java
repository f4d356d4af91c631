package dev.tessera.generation.train;

import java.time.Duration;

/** How a call to the trainer ended: the steps done so far, the last loss, and the time it took. */
public record TrainingResult(long stepsDone, float lastLoss, Duration elapsed, boolean interrupted) {}
