package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exact ε-predictor for Gaussian data: eps* = sqrt(1 - aB) (x - sqrt(aB) mean) / (aB std^2 + 1 - aB).
 * The condition is the data distribution, so guidance between two "conditions" can be checked.
 * Works on batches {@code [B]} or {@code [B, ...]} with one timestep per item.
 */
final class GaussianOracle implements Denoiser<GaussianData> {

    private final NoiseSchedule schedule;
    final AtomicInteger singleCalls = new AtomicInteger();

    GaussianOracle(NoiseSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t, GaussianData data) {
        singleCalls.incrementAndGet();
        float[] times = t.toFloatArray();
        float[] gain = new float[times.length];
        float[] centre = new float[times.length];
        for (int i = 0; i < times.length; i++) {
            NoiseLevel level = schedule.level(times[i]);
            double alphaBar = level.alphaBar();
            gain[i] = (float) (level.sigma() / (alphaBar * data.std() * data.std() + 1.0 - alphaBar));
            centre[i] = (float) (level.alpha() * data.mean());
        }
        long[] broadcast = new long[x.getShape().dimension()];
        java.util.Arrays.fill(broadcast, 1L);
        broadcast[0] = times.length;
        NDManager manager = x.getManager();
        Shape shape = new Shape(broadcast);
        return x.sub(manager.create(centre, shape)).mul(manager.create(gain, shape));
    }
}
