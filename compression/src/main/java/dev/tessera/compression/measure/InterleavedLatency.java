package dev.tessera.compression.measure;

import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.metrics.Percentiles;
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
        return ofModels(models.stream().<LadderModel>map(LadderModel.Acdit::new).toList(), rounds, stepsPerBlock, guidance,
                cancellation);
    }

    /** The median seconds of one image (batch 1; ACDiT with the KV cache) for each model, ACDiT or U-Net, in order. */
    public static double[] ofModels(List<LadderModel> models, int rounds, int steps, AcditGuidance guidance,
            CancellationToken cancellation) {
        if (rounds < 1) {
            throw new IllegalArgumentException("latency needs at least one round, got " + rounds);
        }
        for (LadderModel model : models) {
            model.secondsOfOneImage(steps, guidance, cancellation); // warm-up
        }
        double[][] seconds = new double[models.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int m = 0; m < models.size(); m++) {
                seconds[m][r] = models.get(m).secondsOfOneImage(steps, guidance, cancellation);
            }
        }
        double[] medians = new double[models.size()];
        for (int m = 0; m < medians.length; m++) {
            medians[m] = Percentiles.quantile(seconds[m], 0.5);
        }
        return medians;
    }
}
