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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Determinism, callbacks, cancellation, validation and memory of the sampling loop. */
class DiffusionSamplingBehaviourTest {

    private static final NoiseSchedule SCHEDULE = LinearNoiseSchedule.ddpm();
    private static final GaussianData DATA = new GaussianData(-0.3, 0.7);
    private static final Shape IMAGE = new Shape(3, 2, 4, 4);

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = OfflineEngine.newManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static NoisePredictor oracle() {
        return NoisePredictor.conditional(new GaussianOracle(SCHEDULE), DATA);
    }

    private static float[] generate(SamplerKind kind, long seed, int steps) {
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, IMAGE, NoiseSource.of(seed).stream());
            return kind.create(SCHEDULE).sample(oracle(), noise, steps).toFloatArray();
        }
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void sameSeedGivesIdenticalBitsAndAnotherSeedDoesNot(SamplerKind kind) {
        float[] first = generate(kind, 7L, 20);
        float[] second = generate(kind, 7L, 20);
        float[] other = generate(kind, 8L, 20);
        for (int i = 0; i < first.length; i++) {
            assertEquals(Float.floatToRawIntBits(first[i]), Float.floatToRawIntBits(second[i]), "element " + i);
        }
        assertTrue(!java.util.Arrays.equals(first, other), "different seeds gave the same output");
    }

    /** Largest |x0| any step of one call reports. */
    private static double largestX0(SamplerKind kind, SamplingOptions options) {
        double[] largest = {0};
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, IMAGE, NoiseSource.of(3).stream());
            kind.create(SCHEDULE).sample(oracle(), noise, options.withListener(
                    p -> largest[0] = Math.max(largest[0], p.predictedX0().abs().max().getFloat())));
        }
        return largest[0];
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void x0BoundKeepsEveryEstimateInRange(SamplerKind kind) {
        // The Gaussian data (mean -0.3, std 0.7) often leaves [-0.5, 0.5]; bounded, no estimate may.
        assertTrue(largestX0(kind, SamplingOptions.steps(10)) > 0.5);
        assertTrue(largestX0(kind, SamplingOptions.steps(10).withX0Bound(0.5)) <= 0.5 + 1e-6);
    }

    @Test
    void x0BoundMustBeZeroOrPositive() {
        assertThrows(IllegalArgumentException.class, () -> SamplingOptions.steps(5).withX0Bound(-1));
        assertThrows(IllegalArgumentException.class, () -> SamplingOptions.steps(5).withX0Bound(Double.NaN));
    }

    @Test
    void batchItemEqualsTheSameImageGeneratedAlone() {
        Sampler sampler = SamplerKind.DPM_SOLVER_PP_2M.create(SCHEDULE);
        Shape item = new Shape(2, 4, 4);
        List<dev.tessera.generation.random.NoiseStream> streams = new ArrayList<>();
        for (long imageSeed = 100; imageSeed < 104; imageSeed++) {
            streams.add(NoiseSource.of(imageSeed).stream());
        }
        try (NDManager job = manager.newSubManager()) {
            float[] batch = sampler.sample(oracle(), NoiseTensors.gaussianBatch(job, item, streams), 15).toFloatArray();
            float[] alone = sampler.sample(oracle(), NoiseTensors.gaussianBatch(job, item, streams.subList(2, 3)), 15)
                    .toFloatArray();
            float[] row2 = java.util.Arrays.copyOfRange(batch, 2 * 32, 3 * 32);
            // Same arithmetic per element; allow float rounding in case a kernel vectorises differently.
            assertArrayEquals(alone, row2, 1e-6f);
        }
    }

    @Test
    void listenerSeesEveryStepInOrderWithPreviewShapedLikeTheImage() {
        List<Integer> indices = new ArrayList<>();
        List<Double> timesteps = new ArrayList<>();
        SamplingOptions options = SamplingOptions.steps(6).withListener(p -> {
            indices.add(p.stepIndex());
            timesteps.add(p.timestep());
            assertEquals(6, p.totalSteps());
            assertEquals(IMAGE, p.x().getShape());
            assertEquals(IMAGE, p.predictedX0().getShape());
        });
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, IMAGE, NoiseSource.of(1).stream());
            SamplerKind.DDIM.create(SCHEDULE).sample(oracle(), noise, options);
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), indices);
        assertEquals(SCHEDULE.trainSteps() - 1, timesteps.get(0), 0.0);
        for (int i = 1; i < timesteps.size(); i++) {
            assertTrue(timesteps.get(i) < timesteps.get(i - 1), "timesteps must decrease: " + timesteps);
        }
    }

    /** SDEdit: from step 6 of a 10-step grid, only the grid's last 4 levels are called, in order. */
    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void startingPartWayRunsOnlyTheRestOfTheSameGrid(SamplerKind kind) {
        Sampler sampler = kind.create(SCHEDULE);
        List<NoiseLevel> grid = sampler.spacing().levels(SCHEDULE, 10);
        List<Float> timesteps = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        NoisePredictor recording = (x, t) -> {
            timesteps.add(t.getFloat(0));
            return oracle().predictNoise(x, t);
        };
        try (NDManager job = manager.newSubManager()) {
            NDArray start = NoiseTensors.gaussian(job, IMAGE, NoiseSource.of(4).stream());
            sampler.sample(recording, start, SamplingOptions.steps(10).startingAt(6)
                    .withListener(p -> steps.add(p.stepIndex())));
        }
        assertEquals(List.of(6, 7, 8, 9), steps);
        assertEquals(grid.subList(6, 10).stream().map(l -> (float) l.timestep()).toList(), timesteps);
        assertThrows(IllegalArgumentException.class, () -> SamplingOptions.steps(10).startingAt(10));
        assertThrows(IllegalArgumentException.class, () -> SamplingOptions.steps(10).startingAt(-1));
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void cancellingAfterThreeStepsThrowsAndLeavesNoArraysBehind(SamplerKind kind) {
        CancellationToken token = new CancellationToken();
        List<Integer> seen = new ArrayList<>();
        int[] modelCalls = {0};
        NoisePredictor counting = (x, t) -> {
            modelCalls[0]++;
            return oracle().predictNoise(x, t);
        };
        SamplingOptions options = SamplingOptions.steps(10).withCancellation(token).withListener(p -> {
            seen.add(p.stepIndex());
            if (p.stepIndex() == 2) {
                token.cancel();
            }
        });
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, IMAGE, NoiseSource.of(3).stream());
            SamplingCancelledException e = assertThrows(SamplingCancelledException.class,
                    () -> kind.create(SCHEDULE).sample(counting, noise, options));
            assertEquals(3, e.completedSteps());
            assertEquals(List.of(0, 1, 2), seen);
            assertEquals(3, modelCalls[0], "no model call after cancellation");
            assertEquals(List.of(noise), job.getManagedArrays(), "only the caller's noise may remain");
            assertTrue(noise.isReleased() == false);
        }
    }

    @Test
    void liveArraysStayBoundedOverManySteps() {
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, IMAGE, NoiseSource.of(5).stream());
            float[] before = noise.toFloatArray();
            List<Integer> live = new ArrayList<>();
            SamplingOptions options = SamplingOptions.steps(200)
                    .withListener(p -> live.add(job.getManagedArrays().size()));
            NDArray out = SamplerKind.DPM_SOLVER_PP_2M.create(SCHEDULE).sample(oracle(), noise, options);
            int first = live.get(2);
            assertTrue(live.stream().allMatch(n -> n <= first), "live arrays grew: " + live.subList(0, 10) + " ... "
                    + live.subList(190, 200));
            assertEquals(2, job.getManagedArrays().size(), "noise and output only, got " + job.getManagedArrays());
            assertArrayEquals(before, noise.toFloatArray(), 0f, "the caller's noise must not change");
            assertEquals(job, out.getManager());
        }
    }

    @Test
    void solverHistoryIsResetOnEveryCall() {
        // If DPM-Solver++'s previous x0 leaked into the next call, the second result would differ.
        Sampler sampler = SamplerKind.DPM_SOLVER_PP_2M.create(SCHEDULE);
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, IMAGE, NoiseSource.of(9).stream());
            float[] first = sampler.sample(oracle(), noise, 12).toFloatArray();
            float[] second = sampler.sample(oracle(), noise, 12).toFloatArray();
            assertArrayEquals(first, second, 0f);
        }
    }

    @Test
    void invalidStepCountsAreRejectedWithClearMessages() {
        for (int steps : new int[] {0, -3}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> SamplingOptions.steps(steps));
            assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        }
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, IMAGE, NoiseSource.of(1).stream());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SamplerKind.EULER.create(SCHEDULE).sample(oracle(), noise, 1001));
            assertTrue(e.getMessage().contains("between 1 and 1000"), e.getMessage());
        }
    }

    @Test
    void aModelReturningTheWrongShapeFailsClearly() {
        try (NDManager job = manager.newSubManager()) {
            NDArray noise = NoiseTensors.gaussian(job, IMAGE, NoiseSource.of(1).stream());
            NoisePredictor broken = (x, t) -> x.sum(new int[] {1});
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SamplerKind.DDIM.create(SCHEDULE).sample(broken, noise, 4));
            assertTrue(e.getMessage().contains("shape"), e.getMessage());
            assertEquals(1, job.getManagedArrays().size());
        }
    }

    @Test
    void samplerIdsRoundTripAndUnknownIdsListTheChoices() {
        for (SamplerKind kind : SamplerKind.values()) {
            assertEquals(kind, SamplerKind.fromId(kind.id().toUpperCase(java.util.Locale.ROOT)));
            assertEquals(kind, kind.create(SCHEDULE).kind());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamplerKind.fromId("plms"));
        assertTrue(e.getMessage().contains("dpm++2m"), e.getMessage());
    }
}
