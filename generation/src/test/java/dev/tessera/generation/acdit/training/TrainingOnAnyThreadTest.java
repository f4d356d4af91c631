package dev.tessera.generation.acdit.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.train.EpochBatchSampler;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.Trainer;
import dev.tessera.generation.train.TrainingConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A run trains on whatever thread calls it. PyTorch's grad mode is per thread and on by default; DJL
 * turns it off only on the thread that loaded the engine. In the studio or a test JVM the engine is
 * often loaded elsewhere first, and the optimizer's in-place updates then failed ("a leaf Variable that
 * requires grad is being used in an in-place operation").
 */
class TrainingOnAnyThreadTest {

    @Test
    void aRunTrainsOnAThreadWhoseGradModeIsOn() throws Exception {
        OfflineEngine.newManager().close(); // the engine is loaded here, on the test's thread
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] steps = new long[1];
        Thread other = new Thread(() -> {
            JniUtils.setGradMode(true); // a thread the engine was not loaded on, as PyTorch starts it
            AcditConfig config = AcditFixtures.tiny(16, 4, 2);
            TrainingConfig training = TrainingConfig.defaults(3).with(Map.of("batchSize", 4, "warmupSteps", 0));
            try (NDManager manager = OfflineEngine.newManager(); AcditModel model = AcditModel.initialise(config, 3, manager)) {
                AcditLoss loss = new AcditLoss(model.network(), AcditFixtures.fixedImages(4, 16, config.promptDim()),
                        LinearNoiseSchedule.ddpm(), 4, new EpochBatchSampler(3, 4));
                try (Trainer trainer = new Trainer(training, model.parameters(), loss, Optional.empty(),
                        new ProgressListener() {
                            @Override
                            public void started(long fromStep, long totalSteps) {}

                            @Override
                            public void stepDone(long stepsDone, float l, double lr) {
                                steps[0] = stepsDone;
                            }
                        })) {
                    trainer.run();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        other.start();
        other.join();
        assertNull(failure.get(), () -> "training failed: " + failure.get());
        assertEquals(3, steps[0]);
    }
}
