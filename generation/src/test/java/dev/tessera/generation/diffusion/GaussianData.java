package dev.tessera.generation.diffusion;

/** Test data x0 ~ N(mean, std^2) per dimension, for which the optimal denoiser is known exactly. */
record GaussianData(double mean, double std) {

    /** The marginal N(alpha mean, alpha^2 std^2 + sigma^2) of x_t at a level. */
    double marginalMean(NoiseLevel level) {
        return level.alpha() * mean;
    }

    double marginalVariance(NoiseLevel level) {
        return level.alphaBar() * std * std + (1.0 - level.alphaBar());
    }

    /**
     * The exact probability-flow ODE map from x at level {@code from} to level {@code to}: in
     * y = x / alpha and s = sigma / alpha, y - mean scales by sqrt(std^2 + s^2) (derived from
     * dy/ds = eps*(y, s) = s (y - mean) / (std^2 + s^2)).
     */
    double flow(double x, NoiseLevel from, NoiseLevel to) {
        double y = x / from.alpha();
        double v2 = std * std;
        double sFrom = from.karrasSigma();
        double sTo = to.karrasSigma();
        double yTo = mean + (y - mean) * Math.sqrt((v2 + sTo * sTo) / (v2 + sFrom * sFrom));
        return to.alpha() * yTo;
    }
}
