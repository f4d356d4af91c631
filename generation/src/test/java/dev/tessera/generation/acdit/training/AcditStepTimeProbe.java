package dev.tessera.generation.acdit.training;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.train.EpochBatchSampler;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.Trainer;
import dev.tessera.generation.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures one full training step (forward, backward, clip, AdamW, EMA) at batch 32. Not part of
 * the normal run: {@code mvn test -Dtest=AcditStepTimeProbe -Dacdit.probe=true [-Dacdit.width=192]}.
 */
@EnabledIfSystemProperty(named = "acdit.probe", matches = "true")
class AcditStepTimeProbe {

    @Test
    void measureTrainingStep() throws Exception {
        int width = Integer.getInteger("acdit.width", 128);
        int depth = Integer.getInteger("acdit.depth", 6);
        int heads = Integer.getInteger("acdit.heads", width / 32);
        AcditConfig config = new AcditConfig(32, 4, 4, width, depth, heads, 4, 384, 100.0,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
        int steps = 6;
        TrainingConfig training = TrainingConfig.defaults(steps).with(Map.of("batchSize", 32, "warmupSteps", 1));
        try (NDManager manager = OfflineEngine.newManager();
                AcditModel model = AcditModel.initialise(config, 1, manager)) {
            AcditLoss loss = new AcditLoss(model.network(), AcditFixtures.fixedImages(64, 32, 384),
                    LinearNoiseSchedule.ddpm(), 32, new EpochBatchSampler(1, 64));
            long[] stamps = new long[steps + 1];
            try (Trainer trainer = new Trainer(training, model.parameters(), loss, Optional.empty(), new ProgressListener() {
                @Override
                public void started(long fromStep, long totalSteps) {
                    stamps[0] = System.nanoTime();
                }

                @Override
                public void stepDone(long stepsDone, float l, double lr) {
                    stamps[(int) stepsDone] = System.nanoTime();
                }
            })) {
                trainer.run();
            }
            StringBuilder line = new StringBuilder("ACDIT_PROBE width=" + width + " depth=" + depth + " heads=" + heads
                    + " params=" + model.parameters().elementCount() + " step seconds:");
            for (int i = 1; i <= steps; i++) {
                line.append(String.format(" %.3f", (stamps[i] - stamps[i - 1]) / 1e9));
            }
            System.out.println(line);
        }
    }
}
