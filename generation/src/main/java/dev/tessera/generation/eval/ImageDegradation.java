package dev.tessera.generation.eval;

import dev.tessera.generation.random.Shuffles;
import dev.tessera.generation.judge.GaussianBlur;
import java.util.SplittableRandom;

/**
 * Known ways to spoil real images, used to check that the metrics order quality the way a person
 * would. Each works on one CHW image in [-1, 1] and returns a new array.
 */
public sealed interface ImageDegradation {

    float[] apply(float[] image, int size, SplittableRandom random);

    String label();

    /** Gaussian blur with standard deviation {@code sigma} pixels. */
    record Blur(double sigma) implements ImageDegradation {
        public float[] apply(float[] image, int size, SplittableRandom random) {
            return GaussianBlur.apply(image, 3, size, sigma);
        }

        public String label() {
            return "real, blurred σ = " + fmt(sigma);
        }
    }

    /** Additive Gaussian noise of standard deviation {@code sigma} (in [-1, 1] units), clipped. */
    record Noise(double sigma) implements ImageDegradation {
        public float[] apply(float[] image, int size, SplittableRandom random) {
            float[] out = image.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(-1f, Math.min(1f, out[i] + (float) (random.nextGaussian() * sigma)));
            }
            return out;
        }

        public String label() {
            return "real + Gaussian noise σ = " + fmt(sigma);
        }
    }

    /** The pixels of the image in a random order (colours kept, shape destroyed). */
    record PixelShuffle() implements ImageDegradation {
        public float[] apply(float[] image, int size, SplittableRandom random) {
            int plane = size * size;
            int[] order = Shuffles.permutation(plane, random);
            float[] out = new float[image.length];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    out[c * plane + p] = image[c * plane + order[p]];
                }
            }
            return out;
        }

        public String label() {
            return "real, pixels shuffled";
        }
    }

    /** Replaces every image by one fixed image (the data set mean): no diversity at all. */
    record Constant(float[] constant) implements ImageDegradation {
        public float[] apply(float[] image, int size, SplittableRandom random) {
            return constant.clone();
        }

        public String label() {
            return "the mean image";
        }
    }

    /** Uniform random pixels in [-1, 1]. */
    record UniformNoise() implements ImageDegradation {
        public float[] apply(float[] image, int size, SplittableRandom random) {
            float[] out = new float[image.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) random.nextDouble(-1, 1);
            }
            return out;
        }

        public String label() {
            return "random noise";
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
