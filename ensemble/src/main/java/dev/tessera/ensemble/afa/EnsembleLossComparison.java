package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetBatch;
import dev.tessera.ensemble.unet.UnetLoss;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetNetwork;
import dev.tessera.ensemble.unet.UnetPredictor;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.train.BatchSampler;
import dev.tessera.generation.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The U-Net objective (min-SNR-weighted ε-MSE, every item conditioned) of an AFA ensemble, of each of its
 * experts alone and of the averaging baselines, all on the same fixed batches: a quick check of what the
 * aggregator buys before the image-quality comparison.
 */
public final class EnsembleLossComparison {

    /** One predictor's mean loss over the batches. */
    public record Row(String predictor, double loss) {}

    /** How the aggregator routed at one point over the same batches: each expert's mean weight. */
    public record PointRouting(String point, double[] meanWeights) {}

    /** The losses, in the order of {@link #compare}'s documentation, and the AFA run's routing per point. */
    public record Result(List<Row> losses, List<PointRouting> routing) {}

    private EnsembleLossComparison() {}

    /**
     * Scores each expert alone, ε averaging, feature averaging, AFA and parameter averaging, in that order.
     *
     * @param examples  the images to draw from (e.g. the validation split)
     * @param batches   how many batches; each draws {@code batchSize} examples, timesteps and noise from {@code seed}
     */
    public static Result compare(AfaEnsemble ensemble, TrainingExamples examples, int batches, int batchSize,
            long seed) {
        List<UnetBatch> drawn = draw(examples, ensemble.architecture().imageSize(), batches, batchSize, seed);
        List<UnetNetwork> experts = ensemble.experts().stream().map(UnetModel::network).toList();
        Map<String, UnetPredictor> predictors = new LinkedHashMap<>();
        List<Path> files = ensemble.expertFiles();
        for (int i = 0; i < experts.size(); i++) {
            predictors.put("expert " + files.get(i).getFileName(), experts.get(i));
        }
        predictors.put("ε averaging", new OutputAveraging(experts));
        predictors.put("feature averaging", EnsembleNetwork.featureAveraging(experts));
        RoutingStatistics routing = new RoutingStatistics(ensemble.aggregator());
        predictors.put("AFA", new EnsembleNetwork(experts, routing));
        List<Row> rows = new ArrayList<>();
        try (UnetModel merged = ParameterAveraging.merged(ensemble.experts(), ensemble.manager())) {
            predictors.put("parameter averaging", merged.network());
            predictors.forEach((name, predictor) ->
                    rows.add(new Row(name, meanLoss(predictor, examples, drawn, ensemble.manager()))));
        }
        List<PointRouting> points = new ArrayList<>();
        for (int k = 0; k < routing.points(); k++) {
            points.add(new PointRouting(experts.get(0).pointName(k), routing.meanWeights(k)));
        }
        return new Result(rows, points);
    }

    private static List<UnetBatch> draw(TrainingExamples examples, int imageSize, int batches, int batchSize,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<UnetBatch> drawn = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            int[] items = new int[batchSize];
            for (int i = 0; i < batchSize; i++) {
                items[i] = random.nextInt(examples.size());
            }
            drawn.add(UnetBatch.draw(examples, items, imageSize, LinearNoiseSchedule.ddpm().trainSteps(), 0.0, random));
        }
        return drawn;
    }

    /** {@code predictor}'s mean U-Net loss over fixed {@code batches} of {@code examples}, computed on sub-managers of {@code home}. */
    public static double meanLoss(UnetPredictor predictor, TrainingExamples examples, List<UnetBatch> batches,
            NDManager home) {
        UnetLoss loss = new UnetLoss(predictor, examples, LinearNoiseSchedule.ddpm(), 1,
                BatchSampler.of(TrainingConfig.defaults(1), examples.groups()));
        double sum = 0;
        for (UnetBatch batch : batches) {
            try (NDManager scope = home.newSubManager()) {
                sum += loss.weightedLoss(scope, batch).getFloat();
            }
        }
        return sum / batches.size();
    }
}
