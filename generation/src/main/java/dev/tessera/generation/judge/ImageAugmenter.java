package dev.tessera.generation.judge;

import java.util.SplittableRandom;

/**
 * Strong, seeded augmentation of one CHW image in [-1, 1]: colour jitter, a random scale and shift
 * (white fill, like the emoji background), blur and noise. It teaches the judge to name an emoji
 * from its shape and colours rather than from exact pixels, so it can judge generated images.
 */
public record ImageAugmenter(double maxShift, double minScale, double maxScale, double blurProbability,
        double maxBlurSigma, double noiseProbability, double maxNoiseSigma, double brightness, double contrast,
        double saturation) {

    /** The settings the bundled judge was trained with. */
    public static ImageAugmenter strong() {
        return new ImageAugmenter(3, 0.8, 1.15, 0.35, 1.5, 0.35, 0.15, 0.15, 0.25, 0.3);
    }

    /** Returns an augmented copy of {@code image} ([3, size, size] flattened). */
    public float[] augment(float[] image, int size, SplittableRandom random) {
        float[] out = jitterColours(image, size, random);
        out = resample(out, size, random.nextDouble(minScale, maxScale),
                random.nextDouble(-maxShift, maxShift), random.nextDouble(-maxShift, maxShift));
        if (random.nextDouble() < blurProbability) {
            out = GaussianBlur.apply(out, 3, size, random.nextDouble(0.3, maxBlurSigma));
        }
        if (random.nextDouble() < noiseProbability) {
            double sigma = random.nextDouble(0.02, maxNoiseSigma);
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (random.nextGaussian() * sigma);
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(-1f, Math.min(1f, out[i]));
        }
        return out;
    }

    private float[] jitterColours(float[] image, int size, SplittableRandom random) {
        int plane = size * size;
        double b = random.nextDouble(-brightness, brightness);
        double c = random.nextDouble(1 - contrast, 1 + contrast);
        double s = random.nextDouble(1 - saturation, 1 + saturation);
        double mean = 0;
        for (float v : image) {
            mean += v;
        }
        mean /= image.length;
        float[] out = new float[image.length];
        for (int p = 0; p < plane; p++) {
            double grey = (image[p] + image[plane + p] + image[2 * plane + p]) / 3.0;
            for (int ch = 0; ch < 3; ch++) {
                double v = grey + s * (image[ch * plane + p] - grey);
                out[ch * plane + p] = (float) (mean + c * (v - mean) + b);
            }
        }
        return out;
    }

    /** Bilinear resampling about the centre; outside the source is white (1.0). */
    private static float[] resample(float[] image, int size, double scale, double dx, double dy) {
        int plane = size * size;
        float[] out = new float[image.length];
        double centre = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sx = (x - centre - dx) / scale + centre;
                double sy = (y - centre - dy) / scale + centre;
                for (int ch = 0; ch < 3; ch++) {
                    out[ch * plane + y * size + x] = bilinear(image, ch * plane, size, sx, sy);
                }
            }
        }
        return out;
    }

    private static float bilinear(float[] image, int offset, int size, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (float) ((1 - fx) * (1 - fy) * at(image, offset, size, x0, y0)
                + fx * (1 - fy) * at(image, offset, size, x0 + 1, y0)
                + (1 - fx) * fy * at(image, offset, size, x0, y0 + 1)
                + fx * fy * at(image, offset, size, x0 + 1, y0 + 1));
    }

    private static float at(float[] image, int offset, int size, int x, int y) {
        return x < 0 || y < 0 || x >= size || y >= size ? 1f : image[offset + y * size + x];
    }
}
