package dev.tessera.generation.judge;

/** Separable Gaussian blur of CHW float images with edge clamping. */
public final class GaussianBlur {

    private GaussianBlur() {}

    public static float[] apply(float[] image, int channels, int size, double sigma) {
        if (sigma <= 0) {
            return image.clone();
        }
        float[] kernel = kernel(sigma);
        int radius = kernel.length / 2;
        float[] horizontal = new float[image.length];
        float[] out = new float[image.length];
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double sum = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int xx = Math.min(size - 1, Math.max(0, x + k));
                        sum += kernel[k + radius] * image[base + y * size + xx];
                    }
                    horizontal[base + y * size + x] = (float) sum;
                }
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double sum = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = Math.min(size - 1, Math.max(0, y + k));
                        sum += kernel[k + radius] * horizontal[base + yy * size + x];
                    }
                    out[base + y * size + x] = (float) sum;
                }
            }
        }
        return out;
    }

    private static float[] kernel(double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double total = 0;
        for (int i = -radius; i <= radius; i++) {
            total += kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) total;
        }
        return kernel;
    }
}
