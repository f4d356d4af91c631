package dev.tessera.generation.diffusion;

/**
 * The DDPM linear-beta schedule (Ho et al. 2020; ACDiT uses beta 1e-4 .. 0.02 over T = 1000),
 * with alphaBar accumulated in double precision.
 */
public final class LinearNoiseSchedule implements NoiseSchedule {

    private final double betaStart;
    private final double betaEnd;
    private final double[] alphasCumprod;
    /** log(Karras sigma) per training step, strictly increasing; used to interpolate and invert. */
    private final double[] logKarrasSigmas;

    public LinearNoiseSchedule(double betaStart, double betaEnd, int trainSteps) {
        if (trainSteps < 2) {
            throw new IllegalArgumentException("A schedule needs at least 2 training steps, got " + trainSteps);
        }
        if (!(betaStart > 0 && betaStart <= betaEnd && betaEnd < 1)) {
            throw new IllegalArgumentException(
                    "Need 0 < betaStart <= betaEnd < 1, got " + betaStart + " and " + betaEnd);
        }
        this.betaStart = betaStart;
        this.betaEnd = betaEnd;
        this.alphasCumprod = new double[trainSteps];
        this.logKarrasSigmas = new double[trainSteps];
        double product = 1.0;
        for (int t = 0; t < trainSteps; t++) {
            // Same spacing as torch.linspace(betaStart, betaEnd, T).
            double beta = betaStart + (betaEnd - betaStart) * t / (trainSteps - 1);
            product *= 1.0 - beta;
            alphasCumprod[t] = product;
            logKarrasSigmas[t] = 0.5 * (Math.log1p(-product) - Math.log(product));
        }
    }

    /** The schedule every Tessera model is trained with: beta 1e-4 .. 0.02, T = 1000. */
    public static LinearNoiseSchedule ddpm() {
        return new LinearNoiseSchedule(1e-4, 0.02, 1000);
    }

    public double betaStart() {
        return betaStart;
    }

    public double betaEnd() {
        return betaEnd;
    }

    @Override
    public int trainSteps() {
        return alphasCumprod.length;
    }

    @Override
    public double alphaBar(int t) {
        if (t < 0 || t >= alphasCumprod.length) {
            throw new IllegalArgumentException("Timestep " + t + " outside 0.." + (alphasCumprod.length - 1));
        }
        return alphasCumprod[t];
    }

    @Override
    public NoiseLevel level(double timestep) {
        int last = alphasCumprod.length - 1;
        if (!(timestep >= 0 && timestep <= last)) {
            throw new IllegalArgumentException("Timestep " + timestep + " outside [0, " + last + "]");
        }
        int low = (int) Math.floor(timestep);
        if (low == timestep) {
            return new NoiseLevel(timestep, alphasCumprod[low]);
        }
        double w = timestep - low;
        double logSigma = (1 - w) * logKarrasSigmas[low] + w * logKarrasSigmas[low + 1];
        return NoiseLevel.ofKarrasSigma(timestep, Math.exp(logSigma));
    }

    @Override
    public double timestepForKarrasSigma(double karrasSigma) {
        double target = Math.log(karrasSigma);
        int last = logKarrasSigmas.length - 1;
        if (!(target >= logKarrasSigmas[0] - 1e-12 && target <= logKarrasSigmas[last] + 1e-12)) {
            throw new IllegalArgumentException("Karras sigma " + karrasSigma + " outside the trained range");
        }
        if (target <= logKarrasSigmas[0]) {
            return 0;
        }
        if (target >= logKarrasSigmas[last]) {
            return last;
        }
        int low = 0;
        int high = last;
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (logKarrasSigmas[mid] <= target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        double w = (target - logKarrasSigmas[low]) / (logKarrasSigmas[high] - logKarrasSigmas[low]);
        return low + w;
    }

    @Override
    public String toString() {
        return "LinearNoiseSchedule[beta " + betaStart + " .. " + betaEnd + ", T=" + trainSteps() + "]";
    }
}
