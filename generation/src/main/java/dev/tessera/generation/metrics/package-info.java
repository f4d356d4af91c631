/**
 * Quality metrics over the judge network's outputs, as pure arithmetic on feature matrices and logits:
 * Fréchet distance, KID, bootstrap intervals, prompt and style accuracy, and paired fidelity. No network
 * and no DJL here, so every formula can be tested against known answers. See docs/metrics-maths.md.
 */
package dev.tessera.generation.metrics;
