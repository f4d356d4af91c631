package dev.tessera.generation.metrics;

/**
 * PSNR between images of two generators run with the same prompts and seeds, pair by pair:
 * 10 log10(peak^2 / MSE), with MSE accumulated in double over every value of the image.
 */
public final class PairedPsnr {

    private PairedPsnr() {
    }

    /** {@code first[i]} and {@code second[i]} are the same image slot (any layout, equal lengths). */
    public static PsnrSummary compare(float[][] first, float[][] second, PixelRange range) {
        if (first == null || second == null || range == null) {
            throw new IllegalArgumentException("both image sets and their pixel range are required");
        }
        if (first.length != second.length || first.length == 0) {
            throw new IllegalArgumentException("need the same, non-zero number of images on each side, got "
                    + first.length + " and " + second.length);
        }
        double[] psnr = new double[first.length];
        int identical = 0;
        double finiteSum = 0;
        for (int i = 0; i < first.length; i++) {
            double mse = meanSquaredError(first[i], second[i], range, i);
            if (mse == 0) {
                psnr[i] = Double.POSITIVE_INFINITY;
                identical++;
            } else {
                psnr[i] = 10 * Math.log10(range.peak() * range.peak() / mse);
                finiteSum += psnr[i];
            }
        }
        int finite = first.length - identical;
        double mean = finite == 0 ? Double.POSITIVE_INFINITY : finiteSum / finite;
        return new PsnrSummary(mean, Percentiles.quantile(psnr, 0.5), first.length, identical, psnr);
    }

    private static double meanSquaredError(float[] a, float[] b, PixelRange range, int image) {
        if (a == null || b == null || a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("image " + image + " differs in size between the two sets ("
                    + (a == null ? "none" : a.length) + " vs " + (b == null ? "none" : b.length) + " values)");
        }
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            requireInRange(a[k], range, image, k);
            requireInRange(b[k], range, image, k);
            double diff = (double) a[k] - b[k];
            sum += diff * diff;
        }
        return sum / a.length;
    }

    /** A value outside the range usually means the wrong range was named, which would skew every PSNR. */
    private static void requireInRange(float value, PixelRange range, int image, int index) {
        if (!range.contains(value)) {
            throw new IllegalArgumentException("image " + image + ", value " + index + " is " + value
                    + ", outside " + range + "; clamp the images or pass the range they are in");
        }
    }
}
