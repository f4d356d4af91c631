/**
 * Training an ACDiT model (docs/acdit.md, "Training"; the shared loop is
 * {@code dev.tessera.generation.train.Trainer}, docs/training.md). Read {@code AcditTrainingSpec}
 * (what a run needs), then {@code TrainingExamples} (images and their conditions),
 * {@code BlockTimesteps} (one noise level per block), {@code AcditLoss} (the objective under the
 * Skip-Causal mask) and {@code AcditTraining} (data, loop and model file tied together).
 */
package dev.tessera.generation.acdit.training;
