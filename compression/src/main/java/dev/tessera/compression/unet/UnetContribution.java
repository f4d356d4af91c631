package dev.tessera.compression.unet;

/**
 * What one block of a U-Net contributes: the ε-error of the model without it against the whole model on the
 * calibration set, and the parameters its removal saves.
 *
 * @param part     the block, as {@link dev.tessera.ensemble.unet.UnetConfig#removableParts} names it
 * @param position its index in the forward pass among the removable parts (0 = the first ResBlock)
 */
public record UnetContribution(String part, int position, long parametersSaved, double epsilonError) {}
