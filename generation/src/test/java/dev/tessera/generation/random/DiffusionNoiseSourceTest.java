package dev.tessera.generation.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DiffusionNoiseSourceTest {

    private static final int MILLION = 1_000_000;

    @Test
    void sameSeedAndPathGiveIdenticalBits() {
        float[] a = NoiseSource.of(123).stream(4, 2, 17).gaussian(4097);
        float[] b = NoiseSource.of(123).stream(4, 2, 17).gaussian(4097);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "element " + i);
        }
    }

    @Test
    void differentSeedsAndPathsGiveUncorrelatedStreams() {
        int n = 100_000;
        List<float[]> streams = List.of(
                NoiseSource.of(1).stream().gaussian(n),
                NoiseSource.of(2).stream().gaussian(n),
                NoiseSource.of(1).stream(0).gaussian(n),
                NoiseSource.of(1).stream(1).gaussian(n),
                NoiseSource.of(1).stream(1, 0).gaussian(n),
                NoiseSource.of(1).stream(0, 1).gaussian(n),
                NoiseSource.of(1).stream(1, 0, 0).gaussian(n));
        // Independent N(0,1) draws: the sample correlation has standard error 1/sqrt(n).
        double bound = 5 / Math.sqrt(n);
        for (int i = 0; i < streams.size(); i++) {
            for (int j = i + 1; j < streams.size(); j++) {
                double correlation = correlation(streams.get(i), streams.get(j));
                assertTrue(Math.abs(correlation) < bound, "streams " + i + " and " + j + " correlate: " + correlation);
            }
        }
    }

    @Test
    void aMillionDrawsHaveStandardNormalMoments() {
        float[] z = NoiseSource.of(99).stream(3).gaussian(MILLION);
        double sum = 0;
        double squares = 0;
        double fourth = 0;
        int beyondTwo = 0;
        for (float v : z) {
            sum += v;
            squares += (double) v * v;
            fourth += (double) v * v * v * v;
            beyondTwo += Math.abs(v) > 2 ? 1 : 0;
        }
        double mean = sum / MILLION;
        double variance = squares / MILLION - mean * mean;
        // Standard errors for N(0,1): mean 1/sqrt(n) = 1e-3, variance sqrt(2/n) = 1.4e-3,
        // fourth moment sqrt(96/n) = 9.8e-3, tail fraction sqrt(p(1-p)/n) = 2.1e-4 with p = 0.0455.
        assertEquals(0.0, mean, 5e-3);
        assertEquals(1.0, variance, 5 * Math.sqrt(2.0 / MILLION));
        assertEquals(3.0, fourth / MILLION, 5 * Math.sqrt(96.0 / MILLION));
        assertEquals(0.0455003, (double) beyondTwo / MILLION, 5 * Math.sqrt(0.0455 * 0.9545 / MILLION));
    }

    @Test
    void anySliceCanBeDrawnWithoutItsPredecessors() {
        NoiseStream stream = NoiseSource.of(5).stream(8);
        float[] all = stream.gaussian(1000);
        float[] tail = new float[300];
        stream.fillGaussian(tail, 600);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 600, 900), tail, 0f);
        for (int i : new int[] {0, 1, 2, 77, 999}) {
            assertEquals(all[i], (float) stream.gaussianAt(i), 0f, "position " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> stream.fillGaussian(tail, 3));
    }

    @Test
    void drawingOnManyThreadsGivesTheSameNumbers() throws Exception {
        int streams = 16;
        float[][] serial = new float[streams][];
        for (int s = 0; s < streams; s++) {
            serial[s] = NoiseSource.of(2024).stream(s).gaussian(10_000);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] futures = new Future<?>[streams];
            float[][] parallel = new float[streams][];
            for (int s = streams - 1; s >= 0; s--) {
                int id = s;
                futures[s] = pool.submit(() -> parallel[id] = NoiseSource.of(2024).stream(id).gaussian(10_000));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            for (int s = 0; s < streams; s++) {
                assertArrayEquals(serial[s], parallel[s], 0f, "stream " + s);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchRowIsTheSingleItemTensor() {
        Shape item = new Shape(3, 8, 8);
        List<NoiseStream> perItem = List.of(
                NoiseSource.of(10).stream(), NoiseSource.of(11).stream(),
                NoiseSource.of(12).stream(), NoiseSource.of(13).stream());
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray batch = NoiseTensors.gaussianBatch(manager, item, perItem);
            assertEquals(new Shape(4, 3, 8, 8), batch.getShape());
            NDArray alone = NoiseTensors.gaussian(manager, item, NoiseSource.of(12).stream());
            assertArrayEquals(alone.toFloatArray(), batch.get(2).toFloatArray(), 0f);
            assertTrue(!java.util.Arrays.equals(alone.toFloatArray(), batch.get(1).toFloatArray()));
        }
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }
}
