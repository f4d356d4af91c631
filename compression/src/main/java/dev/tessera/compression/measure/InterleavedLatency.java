package dev.tessera.compression.measure;

import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.sampling.AcditSampler;
import dev.tessera.generation.bench.AcditBenchmarks;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.metrics.Percentiles;
import java.util.ArrayList;
import java.util.List;

/**
 * Seconds per image of several models in one process, interleaved round by round (each round times
 * every model once, after one warm-up each), so a machine shared with other work slows them alike;
 * medians are reported and compared as ratios.
 */
public final class InterleavedLatency {

    private InterleavedLatency() {}

    /** The median seconds of one image (batch 1, KV cache) for each model, in order. */
    public static double[] medians(List<AcditModel> models, int rounds, int stepsPerBlock, AcditGuidance guidance,
            CancellationToken cancellation) {
        if (rounds < 1) {
            throw new IllegalArgumentException("latency needs at least one round, got " + rounds);
        }
        List<AcditBenchmarks> benches = new ArrayList<>();
        for (AcditModel model : models) {
            AcditBenchmarks bench = new AcditBenchmarks(model, cancellation);
            bench.time(AcditSampler.ContextMode.KV_CACHE, 1, stepsPerBlock, guidance); // warm-up
            benches.add(bench);
        }
        double[][] seconds = new double[models.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int m = 0; m < benches.size(); m++) {
                seconds[m][r] = benches.get(m).time(AcditSampler.ContextMode.KV_CACHE, 1, stepsPerBlock, guidance);
            }
        }
        double[] medians = new double[models.size()];
        for (int m = 0; m < medians.length; m++) {
            medians[m] = Percentiles.quantile(seconds[m], 0.5);
        }
        return medians;
    }
}
