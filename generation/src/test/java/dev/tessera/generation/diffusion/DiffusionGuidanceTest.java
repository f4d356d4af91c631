package dev.tessera.generation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.random.NoiseSource;
import dev.tessera.generation.random.NoiseTensors;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Classifier-free guidance with Gaussian "conditions". For N(m1, s^2) against a null N(m0, s^2)
 * with equal s, eps_u + w (eps_c - eps_u) is exactly the optimal eps of N(m0 + w (m1 - m0), s^2),
 * so guided samples must have that extrapolated mean and the variance s^2.
 */
class DiffusionGuidanceTest {

    private static final NoiseSchedule SCHEDULE = LinearNoiseSchedule.ddpm();
    private static final GaussianData CONDITION = new GaussianData(1.0, 0.4);
    private static final GaussianData NULL = new GaussianData(0.2, 0.4);
    private static final GaussianData CONTRAST = new GaussianData(0.7, 0.4);
    private static final int N = 20_000;

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = OfflineEngine.newManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static GaussianStats sampleGuided(Denoiser<GaussianData> model, double scale) {
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, new Shape(N), NoiseSource.of(77).stream());
            NoisePredictor guided = new ClassifierFreeGuidance<>(model, CONDITION, NULL, scale);
            return GaussianStats.of(DpmSolverPlusPlus2M.of(SCHEDULE).sample(guided, noise, 30).toFloatArray());
        }
    }

    @Test
    void guidanceMovesSamplesToTheExtrapolatedMean() {
        NoiseLevel end = SCHEDULE.minLevel();
        for (double scale : new double[] {1.0, 1.5, 2.5}) {
            GaussianData target = new GaussianData(NULL.mean() + scale * (CONDITION.mean() - NULL.mean()), 0.4);
            GaussianStats stats = sampleGuided(new GaussianOracle(SCHEDULE), scale);
            // Start noise is N(0, 1), not the exact marginal at T-1; the exact ODE maps it affinely,
            // so the expected output is flow(0) with spread flow(1) - flow(0).
            double mean = target.flow(0, SCHEDULE.maxLevel(), end);
            double slope = target.flow(1, SCHEDULE.maxLevel(), end) - mean;
            System.out.printf("guidance %.1f: mean %.4f (expected %.4f, data %.4f), variance %.4f (expected %.4f)%n",
                    scale, stats.mean(), mean, target.mean(), stats.variance(), slope * slope);
            assertEquals(mean, stats.mean(), 4 * stats.meanStandardError(), "scale " + scale);
            assertEquals(slope * slope, stats.variance(), 4 * stats.varianceStandardError(), "scale " + scale);
        }
    }

    @Test
    void scaleOneCallsOnlyTheConditionalBranchAndOtherScalesUseTheBatchedBranches() {
        AtomicInteger pairCalls = new AtomicInteger();
        GaussianOracle oracle = new GaussianOracle(SCHEDULE);
        Denoiser<GaussianData> batched = new Denoiser<>() {
            @Override
            public NDArray predictNoise(NDArray x, NDArray t, GaussianData condition) {
                return oracle.predictNoise(x, t, condition);
            }

            @Override
            public List<NDArray> predictBranches(NDArray x, NDArray t, List<GaussianData> conditions) {
                pairCalls.incrementAndGet();
                assertEquals(List.of(CONDITION, NULL), conditions);
                return Denoiser.super.predictBranches(x, t, conditions);
            }
        };
        sampleGuided(batched, 1.0);
        assertEquals(30, oracle.singleCalls.get(), "scale 1: one conditional call per step");
        assertEquals(0, pairCalls.get());
        sampleGuided(batched, 2.0);
        assertEquals(30, pairCalls.get(), "one batched pair per step");
        assertEquals(30 + 60, oracle.singleCalls.get(), "the default pair makes two calls");
    }

    /**
     * With equal variances ε is affine in the mean, and the weights 1 − g, g + w, −w sum to 1, so
     * contrast guidance is exactly the ε of N(m_u + g (m_c − m_u) + w (m_c − m_o), s²).
     */
    @Test
    void contrastGuidanceMovesSamplesAwayFromTheContrastMean() {
        NoiseLevel end = SCHEDULE.minLevel();
        double scale = 1.5;
        for (double contrastScale : new double[] {0.5, 2.0}) {
            double expectedMean = NULL.mean() + scale * (CONDITION.mean() - NULL.mean())
                    + contrastScale * (CONDITION.mean() - CONTRAST.mean());
            GaussianData target = new GaussianData(expectedMean, 0.4);
            GaussianStats stats;
            try (NDManager job = manager.newSubManager()) {
                NDArray noise = NoiseTensors.gaussian(job, new Shape(N), NoiseSource.of(77).stream());
                NoisePredictor guided = new ContrastGuidance<>(
                        new ClassifierFreeGuidance<>(new GaussianOracle(SCHEDULE), CONDITION, NULL, scale), CONTRAST,
                        contrastScale);
                stats = GaussianStats.of(DpmSolverPlusPlus2M.of(SCHEDULE).sample(guided, noise, 30).toFloatArray());
            }
            double mean = target.flow(0, SCHEDULE.maxLevel(), end);
            assertEquals(mean, stats.mean(), 4 * stats.meanStandardError(), "contrast scale " + contrastScale);
        }
    }

    @Test
    void contrastScaleZeroIsPlainGuidanceAndSkipsTheContrastBranch() {
        GaussianOracle oracle = new GaussianOracle(SCHEDULE);
        Denoiser<GaussianData> recording = new Denoiser<>() {
            @Override
            public NDArray predictNoise(NDArray x, NDArray t, GaussianData condition) {
                assertTrue(condition != CONTRAST, "the contrast branch ran at contrast scale 0");
                return oracle.predictNoise(x, t, condition);
            }
        };
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, new Shape(64), NoiseSource.of(5).stream());
            ClassifierFreeGuidance<GaussianData> plain = new ClassifierFreeGuidance<>(recording, CONDITION, NULL, 2.0);
            float[] expected = DpmSolverPlusPlus2M.of(SCHEDULE).sample(plain, noise, 10).toFloatArray();
            float[] actual = DpmSolverPlusPlus2M.of(SCHEDULE)
                    .sample(new ContrastGuidance<>(plain, CONTRAST, 0.0), noise, 10).toFloatArray();
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void scaleZeroIsTheUnconditionalModel() {
        GaussianStats stats = sampleGuided(new GaussianOracle(SCHEDULE), 0.0);
        assertEquals(NULL.marginalMean(SCHEDULE.minLevel()), stats.mean(), 4 * stats.meanStandardError());
    }

    @Test
    void nonFiniteGuidanceIsRejectedWithAClearMessage() {
        GaussianOracle oracle = new GaussianOracle(SCHEDULE);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ClassifierFreeGuidance<>(oracle, CONDITION, NULL, bad));
            assertTrue(e.getMessage().contains("Guidance scale"), e.getMessage());
            ClassifierFreeGuidance<GaussianData> guidance = new ClassifierFreeGuidance<>(oracle, CONDITION, NULL, 1.5);
            e = assertThrows(IllegalArgumentException.class, () -> new ContrastGuidance<>(guidance, CONTRAST, bad));
            assertTrue(e.getMessage().contains("Contrast scale"), e.getMessage());
        }
    }
}
