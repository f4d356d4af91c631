package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A discrete DDPM forward process: how much signal survives at each training timestep. */
public sealed interface NoiseSchedule permits LinearNoiseSchedule {

    /** T, the number of training timesteps; valid timesteps are 0 .. T-1. */
    int trainSteps();

    /** alphaBar_t = prod_{s <= t} (1 - beta_s) at a training timestep. */
    double alphaBar(int t);

    /**
     * The level at a possibly fractional timestep in [0, T-1]: exact at integers, and between
     * them linear in log(Karras sigma), as diffusers' k-diffusion style schedulers interpolate.
     */
    NoiseLevel level(double timestep);

    /** The inverse of {@link #level}: the fractional timestep whose Karras sigma is {@code karrasSigma}. */
    double timestepForKarrasSigma(double karrasSigma);

    /** The least noisy level the model was trained on (t = 0); samplers end here. */
    default NoiseLevel minLevel() {
        return level(0);
    }

    /** The noisiest trained level (t = T-1); samplers start here. */
    default NoiseLevel maxLevel() {
        return level(trainSteps() - 1);
    }

    /**
     * Training-time forward noising {@code x_t = sqrt(alphaBar_t) x0 + sqrt(1 - alphaBar_t) eps}
     * with one timestep per batch item ({@code t.length == x0.getShape().get(0)}). The result lives
     * on x0's manager; the temporaries are freed before returning.
     */
    default NDArray addNoise(NDArray x0, NDArray eps, int[] t) {
        Shape shape = x0.getShape();
        if (!shape.equals(eps.getShape())) {
            throw new IllegalArgumentException("x0 " + shape + " and eps " + eps.getShape() + " differ in shape");
        }
        if (shape.dimension() == 0 || shape.get(0) != t.length) {
            throw new IllegalArgumentException(
                    "Need one timestep per batch item: batch " + shape + ", " + t.length + " timesteps");
        }
        float[] signal = new float[t.length];
        float[] noise = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0 || t[i] >= trainSteps()) {
                throw new IllegalArgumentException("Timestep " + t[i] + " outside 0.." + (trainSteps() - 1));
            }
            double alphaBar = alphaBar(t[i]);
            signal[i] = (float) Math.sqrt(alphaBar);
            noise[i] = (float) Math.sqrt(1.0 - alphaBar);
        }
        long[] broadcast = new long[shape.dimension()];
        java.util.Arrays.fill(broadcast, 1L);
        broadcast[0] = t.length;
        NDManager owner = x0.getManager();
        try (NDManager scratch = owner.newSubManager()) {
            // Coefficients first, so every product lands on the scratch manager.
            NDArray signalPart = scratch.create(signal, new Shape(broadcast)).mul(x0);
            NDArray noisePart = scratch.create(noise, new Shape(broadcast)).mul(eps);
            NDArray noisy = signalPart.add(noisePart);
            noisy.attach(owner);
            return noisy;
        }
    }
}
