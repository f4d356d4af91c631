package dev.tessera.generation.metrics;

import java.util.Arrays;

/**
 * Per-image PSNRs of paired images and their summary. Identical pairs have infinite PSNR: they are counted in
 * {@code identicalCount}, left out of {@code meanDb} (which would otherwise be infinite) and kept in
 * {@code medianDb} (an order statistic copes with +infinity). With every pair identical both are +infinity.
 */
public record PsnrSummary(double meanDb, double medianDb, int imageCount, int identicalCount, double[] perImageDb) {

    public PsnrSummary {
        perImageDb = perImageDb.clone();
    }

    @Override
    public double[] perImageDb() {
        return perImageDb.clone();
    }

    /** Images whose PSNR is finite, the ones the mean is over. */
    public int finiteCount() {
        return imageCount - identicalCount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PsnrSummary p && Arrays.equals(p.perImageDb, perImageDb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(perImageDb);
    }

    @Override
    public String toString() {
        return "PsnrSummary[mean=" + meanDb + " dB over " + finiteCount() + ", median=" + medianDb + " dB, "
                + identicalCount + " identical of " + imageCount + "]";
    }
}
