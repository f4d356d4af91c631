package dev.tessera.ensemble.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.training.AcditLoss;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.TrainingConfig;
import dev.tessera.generation.train.TrainingResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnetTrainingTest {

    @TempDir
    Path folder;

    @Test
    void theSharedLoopTrainsAUnetWhoseLossFallsClearlyOnFixedImages() throws Exception {
        int steps = 150;
        UnetTrainingSpec spec = spec(steps, "run", Optional.empty());
        float[] losses = new float[steps];
        TrainingResult result = new UnetTraining(spec, AcditFixtures.fixedImages(8, 16, 8))
                .run(recording(losses), r -> provenance(r.stepsDone()), CancellationToken.none());
        assertEquals(steps, result.stepsDone());
        double first = mean(losses, 0, 15);
        double last = mean(losses, steps - 15, steps);
        // The zero-initialised output starts at ε-MSE 1 per image, i.e. at the mean min-SNR weight.
        LinearNoiseSchedule schedule = LinearNoiseSchedule.ddpm();
        double zeroOutputLoss = 0;
        for (int t = 0; t < schedule.trainSteps(); t++) {
            zeroOutputLoss += AcditLoss.minSnrWeight(schedule.alphaBar(t)) / schedule.trainSteps();
        }
        assertTrue(first > 0.6 * zeroOutputLoss, "initial loss " + first + ", zero output gives " + zeroOutputLoss);
        assertTrue(last < 0.5 * first, "loss fell only from " + first + " to " + last);
        Map<String, String> metadata = SafetensorsReader.readMetadata(spec.output());
        assertEquals("unet", metadata.get("tessera.model"));
        assertEquals(String.valueOf(steps), metadata.get("tessera.provenance.steps"));
    }

    @Test
    void anExpertRunStartsFromTheBaseModelsWeights() throws Exception {
        UnetTrainingSpec base = spec(4, "base", Optional.empty());
        new UnetTraining(base, AcditFixtures.fixedImages(4, 16, 8))
                .run(recording(new float[4]), r -> provenance(r.stepsDone()), CancellationToken.none());
        // A run of one step at a learning rate near zero stays at its start: the base's weights, not fresh ones.
        UnetTrainingSpec expert = new UnetTrainingSpec(folder.resolve("expert.safetensors"), folder.resolve("expert"),
                UnetFixtures.tiny(), TrainingConfig.defaults(1).with(Map.of("batchSize", 2, "learningRate", 1e-12,
                        "minLearningRate", 0.0, "warmupSteps", 0, "checkpointEverySteps", 0)),
                Optional.of(base.output()), List.of(EmojiStyle.GOOGLE));
        new UnetTraining(expert, AcditFixtures.fixedImages(4, 16, 8))
                .run(recording(new float[1]), r -> provenance(r.stepsDone()), CancellationToken.none());
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel start = UnetModel.load(base.output(), manager);
                UnetModel tuned = UnetModel.load(expert.output(), manager)) {
            float[] a = start.parameters().get("cond.style").toFloatArray();
            float[] b = tuned.parameters().get("cond.style").toFloatArray();
            assertArrayEquals(a, b, 1e-6f);
        }
    }

    private UnetTrainingSpec spec(int steps, String name, Optional<Path> initFrom) {
        TrainingConfig training = TrainingConfig.defaults(steps).with(Map.of("batchSize", 8, "learningRate", 2e-3,
                "minLearningRate", 2e-4, "warmupSteps", Math.min(10, steps), "weightDecay", 0.0,
                "checkpointEverySteps", 0, "emaDecay", 0.9));
        return new UnetTrainingSpec(folder.resolve(name + ".safetensors"), folder.resolve(name), UnetFixtures.tiny(),
                training, initFrom, List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    }

    private static Provenance provenance(long steps) {
        return new Provenance("fixed images", steps, 0, Instant.parse("2026-01-01T00:00:00Z"), "none", Map.of());
    }

    private static ProgressListener recording(float[] losses) {
        return new ProgressListener() {
            @Override
            public void started(long fromStep, long totalSteps) {}

            @Override
            public void stepDone(long stepsDone, float loss, double lr) {
                losses[(int) stepsDone - 1] = loss;
            }
        };
    }

    private static double mean(float[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
