package dev.tessera.generation.random;

/**
 * One counter-based stream: the value at position {@code i} is a pure function of (key, i), so
 * any slice can be drawn without drawing what comes before it, on any thread. Uniform bits are
 * SplitMix64 outputs {@code mix64(key + (i + 1) * gamma)}; Gaussians come in Box–Muller pairs from
 * the uniforms at counters {@code 2p} and {@code 2p + 1}, computed in double with {@link StrictMath}
 * (bit-identical on every JVM and CPU) and only then rounded to float.
 */
public final class NoiseStream {

    private static final double TWO_PI = 2.0 * Math.PI;
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private final long key;

    NoiseStream(long key) {
        this.key = key;
    }

    /** 64 uniformly random bits at {@code counter}. */
    public long bits(long counter) {
        return SplitMix.mix64(key + SplitMix.GOLDEN_GAMMA * (counter + 1));
    }

    /** A uniform double in [0, 1) at {@code counter}, from its top 53 bits. */
    public double uniform(long counter) {
        return (bits(counter) >>> 11) * TWO_POW_MINUS_53;
    }

    /** The first {@code n} standard normal values of this stream, as float. */
    public float[] gaussian(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Noise length must be >= 0, got " + n);
        }
        float[] out = new float[n];
        fillGaussian(out, 0L);
        return out;
    }

    /**
     * Fills {@code out} with the standard normal values at positions {@code first ..
     * first + out.length - 1}; {@code first} must be even so a slice starts on a Box–Muller pair.
     */
    public void fillGaussian(float[] out, long first) {
        if (first < 0 || (first & 1L) != 0) {
            throw new IllegalArgumentException("Noise offset must be even and >= 0, got " + first);
        }
        for (int i = 0; i < out.length; i += 2) {
            long pair = (first + i) >>> 1;
            double radius = radius(pair);
            double angle = TWO_PI * uniform(2 * pair + 1);
            out[i] = (float) (radius * StrictMath.cos(angle));
            if (i + 1 < out.length) {
                out[i + 1] = (float) (radius * StrictMath.sin(angle));
            }
        }
    }

    /** The standard normal value at {@code position}, without drawing its neighbours. */
    public double gaussianAt(long position) {
        long pair = position >>> 1;
        double angle = TWO_PI * uniform(2 * pair + 1);
        double trig = (position & 1L) == 0 ? StrictMath.cos(angle) : StrictMath.sin(angle);
        return radius(pair) * trig;
    }

    private double radius(long pair) {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        double u = 1.0 - uniform(2 * pair);
        return StrictMath.sqrt(-2.0 * StrictMath.log(u));
    }
}
