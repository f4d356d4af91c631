package dev.tessera.generation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffusionScheduleTest {

    private static final LinearNoiseSchedule SCHEDULE = LinearNoiseSchedule.ddpm();

    @Test
    void alphaBarIsTheProductOfOneMinusLinearBetas() {
        assertEquals(1000, SCHEDULE.trainSteps());
        assertEquals(1 - 1e-4, SCHEDULE.alphaBar(0), 1e-15);
        for (int t = 1; t < 1000; t++) {
            double beta = 1e-4 + (0.02 - 1e-4) * t / 999.0;
            assertEquals(1 - beta, SCHEDULE.alphaBar(t) / SCHEDULE.alphaBar(t - 1), 1e-12, "t=" + t);
        }
        assertEquals(1 - 0.02, SCHEDULE.alphaBar(999) / SCHEDULE.alphaBar(998), 1e-12);
        // Nearly pure noise at the end: log alphaBar_T = sum log(1 - beta) = -sum beta - sum beta^2 / 2 - ...
        // with sum beta = T (b0 + b1) / 2 = 10.05 and sum beta^2 ~ T (b0^2 + b0 b1 + b1^2) / 3 = 0.1340;
        // the next term, sum beta^3 / 3 ~ T b1^3 / 12 = 6.7e-4, sets the tolerance.
        assertEquals(-10.05 - 0.1340 / 2, Math.log(SCHEDULE.alphaBar(999)), 1e-3);
    }

    @Test
    void lambdaIsHalfTheLogSnrAndDecreases() {
        double previous = Double.POSITIVE_INFINITY;
        for (int t = 0; t < 1000; t += 37) {
            NoiseLevel level = SCHEDULE.level(t);
            double snr = level.alphaBar() / (1 - level.alphaBar());
            assertEquals(0.5 * Math.log(snr), level.lambda(), 1e-12);
            assertEquals(Math.exp(-level.lambda()), level.karrasSigma(), 1e-12 * level.karrasSigma());
            assertTrue(level.lambda() < previous);
            previous = level.lambda();
        }
    }

    @Test
    void fractionalTimestepsInterpolateAndInvert() {
        for (double t : new double[] {0, 0.25, 13.5, 500.75, 998.9, 999}) {
            NoiseLevel level = SCHEDULE.level(t);
            assertEquals(t, SCHEDULE.timestepForKarrasSigma(level.karrasSigma()), 1e-9, "t=" + t);
        }
        NoiseLevel low = SCHEDULE.level(400);
        NoiseLevel high = SCHEDULE.level(401);
        NoiseLevel mid = SCHEDULE.level(400.5);
        assertTrue(mid.karrasSigma() > low.karrasSigma() && mid.karrasSigma() < high.karrasSigma());
        assertThrows(IllegalArgumentException.class, () -> SCHEDULE.level(-0.1));
        assertThrows(IllegalArgumentException.class, () -> SCHEDULE.level(999.5));
    }

    @Test
    void addNoiseUsesEachItemsOwnTimestep() {
        try (NDManager manager = OfflineEngine.newManager()) {
            float[] x0 = {0.5f, -1f, 0.25f, 2f, 1f, -0.5f};
            float[] eps = {1f, 0.5f, -2f, 0.1f, -1f, 0.3f};
            int[] t = {0, 500, 999};
            NDArray noisy = SCHEDULE.addNoise(
                    manager.create(x0, new Shape(3, 2)), manager.create(eps, new Shape(3, 2)), t);
            float[] got = noisy.toFloatArray();
            for (int i = 0; i < 6; i++) {
                double alphaBar = SCHEDULE.alphaBar(t[i / 2]);
                assertEquals(Math.sqrt(alphaBar) * x0[i] + Math.sqrt(1 - alphaBar) * eps[i], got[i], 1e-6);
            }
            assertEquals(3, manager.getManagedArrays().size(), "no temporaries may stay on the caller's manager");
            assertThrows(IllegalArgumentException.class, () -> SCHEDULE.addNoise(noisy, noisy, new int[] {1, 2}));
        }
    }

    @Test
    void trailingSpacingStartsAtPureNoiseAndEndsAtTheLeastNoisyLevel() {
        List<NoiseLevel> levels = new TimestepSpacing.Trailing().levels(SCHEDULE, 25);
        assertEquals(26, levels.size());
        assertEquals(999, levels.get(0).timestep());
        for (int i = 1; i < 25; i++) {
            assertEquals(40, levels.get(i - 1).timestep() - levels.get(i).timestep(), 0.0, "even gaps of T/N");
        }
        assertEquals(SCHEDULE.minLevel(), levels.get(25));
        assertEquals(List.of(SCHEDULE.maxLevel(), SCHEDULE.minLevel()), new TimestepSpacing.Trailing().levels(SCHEDULE, 1));
    }

    @Test
    void karrasAndLogSnrSpacingsAreEvenInTheirOwnVariables() {
        int steps = 10;
        List<NoiseLevel> karras = TimestepSpacing.Karras.standard().levels(SCHEDULE, steps);
        List<NoiseLevel> logSnr = new TimestepSpacing.UniformLogSnr().levels(SCHEDULE, steps);
        double[] rootGaps = new double[steps];
        double[] lambdaGaps = new double[steps];
        for (int i = 0; i < steps; i++) {
            rootGaps[i] = Math.pow(karras.get(i).karrasSigma(), 1 / 7.0) - Math.pow(karras.get(i + 1).karrasSigma(), 1 / 7.0);
            lambdaGaps[i] = logSnr.get(i + 1).lambda() - logSnr.get(i).lambda();
        }
        double[] sameRoot = new double[steps];
        double[] sameLambda = new double[steps];
        java.util.Arrays.fill(sameRoot, rootGaps[0]);
        java.util.Arrays.fill(sameLambda, lambdaGaps[0]);
        assertArrayEquals(sameRoot, rootGaps, 1e-9);
        assertArrayEquals(sameLambda, lambdaGaps, 1e-9);
        for (List<NoiseLevel> levels : List.of(karras, logSnr)) {
            assertEquals(SCHEDULE.maxLevel(), levels.get(0));
            assertEquals(SCHEDULE.minLevel(), levels.get(steps));
            for (int i = 1; i <= steps; i++) {
                assertTrue(levels.get(i).timestep() < levels.get(i - 1).timestep());
                // The timestep handed to the model must give back the level's own noise.
                assertEquals(levels.get(i).alphaBar(), SCHEDULE.level(levels.get(i).timestep()).alphaBar(), 1e-12);
            }
        }
    }

    @Test
    void invalidSchedulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LinearNoiseSchedule(0.02, 1e-4, 1000));
        assertThrows(IllegalArgumentException.class, () -> new LinearNoiseSchedule(1e-4, 0.02, 1));
        assertThrows(IllegalArgumentException.class, () -> new TimestepSpacing.Karras(Double.NaN));
    }
}
