package dev.tessera.generation.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageDegradationTest {

    private static float[] ramp(int size) {
        float[] image = new float[3 * size * size];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) Math.sin(i * 0.37);
        }
        return image;
    }

    @Test
    void pixelShuffleKeepsEachPixelsColourButMovesIt() {
        float[] image = ramp(8);
        float[] shuffled = new ImageDegradation.PixelShuffle().apply(image, 8, new SplittableRandom(1));
        assertFalse(Arrays.equals(image, shuffled));
        // the multiset of RGB triples is unchanged
        String[] a = triples(image, 8), b = triples(shuffled, 8);
        Arrays.sort(a);
        Arrays.sort(b);
        assertArrayEquals(a, b);
    }

    @Test
    void blurKeepsTheMeanOfAConstantImageAndSmoothsEdges() {
        float[] flat = new float[3 * 16 * 16];
        Arrays.fill(flat, 0.25f);
        assertArrayEquals(flat, new ImageDegradation.Blur(2).apply(flat, 16, new SplittableRandom(1)), 1e-6f);
        float[] edge = new float[3 * 16 * 16];
        for (int i = 0; i < edge.length; i++) {
            edge[i] = (i % 16) < 8 ? -1f : 1f;
        }
        float[] blurred = new ImageDegradation.Blur(2).apply(edge, 16, new SplittableRandom(1));
        float step = blurred[8] - blurred[7];
        assertEquals(true, step > 0 && step < 1.0f, "edge step after blur: " + step);
    }

    @Test
    void noiseHasTheRequestedSpread() {
        float[] grey = new float[3 * 32 * 32];
        float[] noisy = new ImageDegradation.Noise(0.2).apply(grey, 32, new SplittableRandom(5));
        double sum = 0;
        for (float v : noisy) {
            sum += v * v;
        }
        assertEquals(0.2, Math.sqrt(sum / noisy.length), 0.01);
    }

    private static String[] triples(float[] image, int size) {
        int plane = size * size;
        String[] out = new String[plane];
        for (int p = 0; p < plane; p++) {
            out[p] = image[p] + "," + image[plane + p] + "," + image[2 * plane + p];
        }
        return out;
    }
}
