package dev.tessera.generation.acdit.sampling;

/**
 * How strongly sampling follows the condition.
 *
 * @param scale         classifier-free guidance scale (1 = conditional only, 0 = unconditional)
 * @param styleStrength style-contrast guidance: how far each step is also pushed away from the same
 *                      prompt in the model's other style (0 = off). It strengthens what tells the
 *                      styles apart and costs a third model branch per step. A model trained on one
 *                      style has nothing to contrast with; there it does nothing.
 */
public record AcditGuidance(double scale, double styleStrength) {

    public AcditGuidance {
        if (!Double.isFinite(scale) || scale < 0) {
            throw new IllegalArgumentException("guidance must be a finite number >= 0, got " + scale);
        }
        if (!Double.isFinite(styleStrength) || styleStrength < 0) {
            throw new IllegalArgumentException("style strength must be a finite number >= 0, got " + styleStrength);
        }
    }

    /** Classifier-free guidance alone, no style contrast. */
    public static AcditGuidance of(double scale) {
        return new AcditGuidance(scale, 0);
    }
}
