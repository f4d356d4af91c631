package dev.tessera.generation.acdit.training;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.train.EpochBatchSampler;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.Trainer;
import dev.tessera.generation.train.TrainingConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AcditTrainingTest {

    @Test
    void lossFallsClearlyOnEightFixedImages() throws Exception {
        AcditConfig config = AcditFixtures.tiny(16, 4, 2);
        int steps = 200;
        TrainingConfig training = TrainingConfig.defaults(steps).with(Map.of("batchSize", 8, "learningRate", 3e-3,
                "minLearningRate", 3e-4, "warmupSteps", 10, "weightDecay", 0.0));
        float[] losses = new float[steps];
        try (NDManager manager = OfflineEngine.newManager();
                AcditModel model = AcditModel.initialise(config, 3, manager)) {
            AcditLoss loss = new AcditLoss(model.network(), AcditFixtures.fixedImages(8, 16, config.promptDim()),
                    LinearNoiseSchedule.ddpm(), 8, new EpochBatchSampler(3, 8));
            try (Trainer trainer = new Trainer(training, model.parameters(), loss, Optional.empty(), new ProgressListener() {
                @Override
                public void started(long fromStep, long totalSteps) {}

                @Override
                public void stepDone(long stepsDone, float l, double lr) {
                    losses[(int) stepsDone - 1] = l;
                }
            })) {
                trainer.run();
            }
        }
        double first = mean(losses, 0, 20);
        double last = mean(losses, steps - 20, steps);
        // The zero-initialised output starts at ε-MSE 1 per block, i.e. at the mean min-SNR weight;
        // a model that learns nothing stays there.
        LinearNoiseSchedule schedule = LinearNoiseSchedule.ddpm();
        double zeroOutputLoss = 0;
        for (int t = 0; t < schedule.trainSteps(); t++) {
            zeroOutputLoss += AcditLoss.minSnrWeight(schedule.alphaBar(t)) / schedule.trainSteps();
        }
        assertTrue(first > 0.8 * zeroOutputLoss, "initial loss " + first + ", zero output gives " + zeroOutputLoss);
        assertTrue(last < 0.5 * first, "loss fell only from " + first + " to " + last);
    }

    private static double mean(float[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    @Test
    void blockTimestepsAreStratifiedAcrossTheBatch() {
        int[] t = BlockTimesteps.draw(8, 4, 1000, new SplittableRandom(1));
        int[] sorted = t.clone();
        Arrays.sort(sorted);
        for (int s = 0; s < 32; s++) {
            assertTrue(sorted[s] >= s * 1000 / 32 && sorted[s] < (s + 1) * 1000 / 32 + 1, "stratum " + s + ": " + sorted[s]);
        }
        assertTrue(!Arrays.equals(t, sorted), "strata are assigned to (item, block) pairs in random order");
        assertEquals(32, Arrays.stream(t).distinct().count());
    }
}
