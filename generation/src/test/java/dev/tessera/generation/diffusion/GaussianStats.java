package dev.tessera.generation.diffusion;

/** Sample mean and unbiased variance in double, with their standard errors for normal data. */
record GaussianStats(double mean, double variance, int n) {

    static GaussianStats of(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (float v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new GaussianStats(mean, squares / (values.length - 1), values.length);
    }

    /** Standard error of the mean of n draws with this variance. */
    double meanStandardError() {
        return Math.sqrt(variance / n);
    }

    /** Standard error of the sample variance for normal data: var sqrt(2 / (n - 1)). */
    double varianceStandardError() {
        return variance * Math.sqrt(2.0 / (n - 1));
    }
}
