package dev.tessera.generation.metrics;

/** Mean and standard deviation of a sample of metric values (bootstrap replicates, KID subsets). */
final class ValueSpread {

    private ValueSpread() {}

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * The standard deviation around the mean; {@code divisor} is n for the population form
     * (what torch-fidelity reports for KID) or n − 1 for the sample form.
     */
    static double standardDeviation(double[] values, int divisor) {
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / Math.max(1, divisor));
    }
}
