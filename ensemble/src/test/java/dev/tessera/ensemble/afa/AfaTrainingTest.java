package dev.tessera.ensemble.afa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetBatch;
import dev.tessera.ensemble.unet.UnetFixtures;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetTraining;
import dev.tessera.ensemble.unet.UnetTrainingSpec;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.train.Checkpoint;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.TrainingConfig;
import dev.tessera.generation.train.TrainingResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregator training on the shared loop: a trained expert and a random one; the aggregator learns to lower the
 * ensemble's loss while neither expert's weights move by a bit.
 */
class AfaTrainingTest {

    @TempDir
    Path folder;

    @Test
    void trainingMovesOnlyTheAggregatorAndLowersTheEnsemblesLoss() throws Exception {
        TrainingExamples images = AcditFixtures.fixedImages(8, 16, 8);
        Path good = trainedExpert(images);
        Path random = AfaFixtures.writeExpert(folder.resolve("random.safetensors"), UnetFixtures.tiny(), 4, 0.05);
        int steps = 60;
        AfaTrainingSpec spec = new AfaTrainingSpec(folder.resolve("afa.safetensors"), folder.resolve("afa"),
                List.of(good, random), new AggregatorConfig(8), training(steps, 3e-3), List.of());
        List<UnetBatch> fixed = fixedBatches(images);
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(spec.experts(), spec.aggregator(), 1, manager)) {
            Map<String, float[]> expertsBefore = snapshot(ensemble);
            Map<String, float[]> aggregatorBefore = new HashMap<>();
            ensemble.aggregatorParameters().asMap().forEach((n, p) -> aggregatorBefore.put(n, p.toFloatArray()));
            double lossBefore = loss(ensemble, images, fixed, manager);

            TrainingResult result = new AfaTraining(spec, images).train(ensemble, ProgressListener.NONE,
                    r -> AfaFixtures.PROVENANCE, CancellationToken.none());

            assertEquals(steps, result.stepsDone());
            Map<String, float[]> expertsAfter = snapshot(ensemble);
            for (Map.Entry<String, float[]> entry : expertsBefore.entrySet()) {
                assertArrayEquals(entry.getValue(), expertsAfter.get(entry.getKey()), 0f, entry.getKey() + " moved");
            }
            float[] logitsBefore = aggregatorBefore.get("point.0.logits.weight");
            float[] logitsAfter = ensemble.aggregatorParameters().get("point.0.logits.weight").toFloatArray();
            assertTrue(maxAbsDifference(logitsBefore, logitsAfter) > 1e-4, "the zero logits were trained");
            long moved = ensemble.aggregatorParameters().asMap().entrySet().stream()
                    .filter(e -> maxAbsDifference(aggregatorBefore.get(e.getKey()), e.getValue().toFloatArray()) > 0)
                    .count();
            assertTrue(moved > ensemble.aggregatorParameters().size() / 2, moved + " aggregator tensors moved");
            double lossAfter = loss(ensemble, images, fixed, manager);
            assertTrue(lossAfter < 0.5 * lossBefore, "the ensemble's loss went from " + lossBefore + " to " + lossAfter);

            // The checkpoint holds the aggregator: exporting its raw weights gives exactly the trained ones.
            AfaTrainingSpec export = new AfaTrainingSpec(folder.resolve("raw.safetensors"), spec.workDir(),
                    spec.experts(), spec.aggregator(), spec.training(), List.of());
            assertEquals(steps, new AfaTraining(export, images).exportCheckpoint(Checkpoint.Weights.RAW,
                    s -> AfaFixtures.PROVENANCE));
            try (AfaEnsemble raw = AfaEnsemble.load(export.output(), manager)) {
                ensemble.aggregatorParameters().asMap().forEach((name, p) -> assertArrayEquals(p.toFloatArray(),
                        raw.aggregatorParameters().get(name).toFloatArray(), 0f, name));
            }
        }
        // The run wrote an ensemble file that loads with both experts verified.
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble loaded = AfaEnsemble.load(spec.output(), manager)) {
            assertEquals(2, loaded.experts().size());
        }
    }

    /** A tiny U-Net trained on the fixed images: the expert worth routing to. */
    private Path trainedExpert(TrainingExamples images) throws Exception {
        UnetTrainingSpec spec = new UnetTrainingSpec(folder.resolve("good.safetensors"), folder.resolve("good"),
                UnetFixtures.tiny(), training(80, 2e-3), Optional.empty(), List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
        new UnetTraining(spec, images).run(ProgressListener.NONE, r -> AfaFixtures.PROVENANCE, CancellationToken.none());
        return spec.output();
    }

    private static TrainingConfig training(int steps, double learningRate) {
        return TrainingConfig.defaults(steps).with(Map.of("batchSize", 8, "learningRate", learningRate,
                "minLearningRate", learningRate / 10, "warmupSteps", 5, "weightDecay", 0.0,
                "checkpointEverySteps", 0, "emaDecay", 0.9));
    }

    /** Four batches of all eight images at fixed timesteps, noise and conditions. */
    private static List<UnetBatch> fixedBatches(TrainingExamples images) {
        SplittableRandom random = new SplittableRandom(17);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
        return List.of(draw(images, all, random), draw(images, all, random), draw(images, all, random),
                draw(images, all, random));
    }

    private static UnetBatch draw(TrainingExamples images, int[] items, SplittableRandom random) {
        return UnetBatch.draw(images, items, 16, 1000, 0.0, random);
    }

    /** The ensemble's mean loss over the fixed batches with its current (raw) aggregator weights. */
    private static double loss(AfaEnsemble ensemble, TrainingExamples images, List<UnetBatch> batches,
            NDManager manager) {
        return EnsembleLossComparison.meanLoss(ensemble.network(), images, batches, manager);
    }

    private static Map<String, float[]> snapshot(AfaEnsemble ensemble) {
        Map<String, float[]> values = new HashMap<>();
        for (int i = 0; i < ensemble.experts().size(); i++) {
            UnetModel expert = ensemble.experts().get(i);
            int index = i;
            expert.parameters().asMap().forEach((n, p) -> values.put(index + "/" + n, p.toFloatArray()));
        }
        return values;
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
