package dev.tessera.generation.diffusion;

/**
 * One point on the noise path: the model-time {@code timestep} (fractional between training
 * steps is allowed) and its cumulative signal fraction {@code alphaBar} in (0, 1].
 */
public record NoiseLevel(double timestep, double alphaBar) {

    public NoiseLevel {
        if (!(alphaBar > 0.0 && alphaBar <= 1.0)) {
            throw new IllegalArgumentException("alphaBar must be in (0, 1], got " + alphaBar);
        }
    }

    /** Builds a level from the Karras noise scale {@code sigma = sqrt((1 - alphaBar) / alphaBar)}. */
    public static NoiseLevel ofKarrasSigma(double timestep, double karrasSigma) {
        return new NoiseLevel(timestep, 1.0 / (1.0 + karrasSigma * karrasSigma));
    }

    /** Signal scale alpha_t = sqrt(alphaBar). */
    public double alpha() {
        return Math.sqrt(alphaBar);
    }

    /** Noise scale sigma_t = sqrt(1 - alphaBar) of the variance-preserving process. */
    public double sigma() {
        return Math.sqrt(1.0 - alphaBar);
    }

    /** The variance-exploding noise scale sigma_t / alpha_t used by Karras et al. and k-diffusion. */
    public double karrasSigma() {
        return Math.sqrt((1.0 - alphaBar) / alphaBar);
    }

    /**
     * lambda_t = log(alpha_t / sigma_t), half the log-SNR: the time variable of DPM-Solver.
     * Infinite for a clean level.
     */
    public double lambda() {
        return 0.5 * (Math.log(alphaBar) - Math.log1p(-alphaBar));
    }
}
