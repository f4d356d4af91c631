package dev.tessera.generation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.nn.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path dir;

    private final TinyRegression problem = new TinyRegression();

    private static TrainingConfig config(long steps) {
        return TrainingConfig.defaults(steps).with(Map.of(
                "learningRate", 0.02, "minLearningRate", 0.002, "warmupSteps", 10, "weightDecay", 0.001,
                "emaDecay", 0.9, "checkpointEverySteps", 0, "checkpointEveryMinutes", 0, "seed", 77));
    }

    @Test
    void lossFallsSubstantiallyOnAFixedBatch() throws ModelFileException {
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                Trainer trainer = new Trainer(config(300), parameters, problem.fullBatchLoss(), Optional.empty(),
                        ProgressListener.NONE)) {
            TrainingResult result = trainer.run();

            float[] history = trainer.lossHistory();
            assertEquals(300, result.stepsDone());
            assertEquals(300, history.length);
            float initial = history[0];
            float last = history[history.length - 1];
            assertTrue(last < 0.01f * initial, "loss fell only from " + initial + " to " + last);
        }
    }

    @Test
    void resumingFromACheckpointGivesTheUninterruptedResultBitForBit() throws ModelFileException {
        TrainingConfig config = config(40);
        Path checkpoint = dir.resolve("run.ckpt.safetensors");
        try (NDManager root = OfflineEngine.newManager()) {
            Map<String, TensorData> straight;
            Map<String, TensorData> straightEma;
            float[] straightHistory;
            try (ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                    Trainer trainer = new Trainer(config, parameters, problem.sampledNoisyLoss(77, 8), Optional.empty(),
                            ProgressListener.NONE)) {
                trainer.run();
                straight = parameters.toTensors("");
                straightEma = trainer.ema().toTensors("");
                straightHistory = trainer.lossHistory();
            }
            try (ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                    Trainer trainer = new Trainer(config, parameters, problem.sampledNoisyLoss(77, 8),
                            Optional.of(checkpoint), ProgressListener.NONE)) {
                assertEquals(20, trainer.runUntil(20).stepsDone());
            }
            assertTrue(Files.exists(checkpoint));
            // A different initialisation proves the checkpoint, not the seed, supplies the weights.
            try (ParameterStore parameters = TinyRegression.initialParameters(root, 999);
                    Trainer trainer = new Trainer(config, parameters, problem.sampledNoisyLoss(77, 8),
                            Optional.of(checkpoint), ProgressListener.NONE)) {
                trainer.restore(checkpoint);
                assertEquals(20, trainer.step());
                trainer.run();

                assertEquals(straight, parameters.toTensors(""));
                assertEquals(straightEma, trainer.ema().toTensors(""));
                assertArrayEquals(straightHistory, trainer.lossHistory());
            }
        }
    }

    @Test
    void checkpointWeightsCanBeReadWithoutTraining() throws ModelFileException {
        Path checkpoint = dir.resolve("peek.ckpt.safetensors");
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                Trainer trainer = new Trainer(config(12), parameters, problem.fullBatchLoss(), Optional.of(checkpoint),
                        ProgressListener.NONE)) {
            trainer.run();
            try (ParameterStore raw = TinyRegression.initialParameters(root, 999);
                    ParameterStore ema = TinyRegression.initialParameters(root, 998)) {
                assertEquals(12, Checkpoint.readWeights(checkpoint, raw, Checkpoint.Weights.RAW));
                assertEquals(12, Checkpoint.readWeights(checkpoint, ema, Checkpoint.Weights.EMA));
                for (String name : parameters.names()) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(parameters.get(name).toFloatArray(), raw.get(name).toFloatArray());
                    org.junit.jupiter.api.Assertions.assertArrayEquals(trainer.ema().get(name).toFloatArray(), ema.get(name).toFloatArray());
                }
            }
        }
    }

    @Test
    void anInterruptStopsTheRunWithACheckpointThatResumes() throws ModelFileException {
        Path checkpoint = dir.resolve("stopped.ckpt.safetensors");
        LossFunction base = problem.fullBatchLoss();
        // Ctrl-C arrives as an interrupt while step 7 is being computed.
        LossFunction interruptedAtStep7 = context -> {
            if (context.step() == 7) {
                Thread.currentThread().interrupt();
            }
            return base.loss(context);
        };
        try (NDManager root = OfflineEngine.newManager()) {
            try (ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                    Trainer trainer = new Trainer(config(30), parameters, interruptedAtStep7, Optional.of(checkpoint),
                            ProgressListener.NONE)) {
                TrainingResult result = trainer.run();
                assertTrue(Thread.interrupted(), "the interrupt status is kept for the caller");
                assertTrue(result.interrupted());
                assertEquals(8, result.stepsDone());
            }
            try (ParameterStore parameters = TinyRegression.initialParameters(root, 999);
                    Trainer trainer = new Trainer(config(30), parameters, base, Optional.of(checkpoint),
                            ProgressListener.NONE)) {
                trainer.restore(checkpoint);
                assertEquals(8, trainer.step());
                assertEquals(30, trainer.run().stepsDone());
            }
        }
    }

    @Test
    void aCancelledStopTokenEndsTheRunAfterTheStepUnderWayWithACheckpoint() throws ModelFileException {
        Path checkpoint = dir.resolve("signalled.ckpt.safetensors");
        CancellationToken stop = new CancellationToken();
        LossFunction base = problem.fullBatchLoss();
        LossFunction signalledAtStep4 = context -> {
            if (context.step() == 4) {
                stop.cancel();
            }
            return base.loss(context);
        };
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                Trainer trainer = new Trainer(config(30), parameters, signalledAtStep4, Optional.of(checkpoint),
                        ProgressListener.NONE)) {
            TrainingResult result = trainer.run(stop);
            assertTrue(result.interrupted());
            assertEquals(5, result.stepsDone());
            assertFalse(Thread.currentThread().isInterrupted());
            assertEquals(5, Checkpoint.readWeights(checkpoint, parameters, Checkpoint.Weights.RAW));
        }
    }

    /** Adds sqrt(|p − p|): zero in the forward pass, a NaN gradient in the backward (∞ · 0). */
    private static LossFunction withNanGradientWhen(LossFunction base, java.util.function.LongPredicate when) {
        return context -> {
            NDArray loss = base.loss(context);
            if (!when.test(context.step())) {
                return loss;
            }
            NDArray p = context.parameters().asMap().values().iterator().next();
            return loss.add(p.sub(p).abs().sqrt().sum());
        };
    }

    @Test
    void aRareNonFiniteGradientSkipsTheUpdateAndTrainingGoesOn() throws ModelFileException {
        java.util.List<Long> heard = new java.util.ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void started(long fromStep, long totalSteps) {}

            @Override
            public void stepDone(long stepsDone, float loss, double learningRate) {}

            @Override
            public void stepSkipped(long step, double gradientNorm) {
                heard.add(step);
                assertTrue(Double.isNaN(gradientNorm), "norm " + gradientNorm);
            }
        };
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                Trainer trainer = new Trainer(config(30), parameters,
                        withNanGradientWhen(problem.fullBatchLoss(), step -> step == 3), Optional.empty(),
                        listener)) {
            trainer.run();
            assertEquals(1, trainer.skippedSteps());
            assertEquals(java.util.List.of(3L), heard, "the listener hears which step was skipped");
            for (NDArray p : parameters.asMap().values()) {
                for (float v : p.toFloatArray()) {
                    assertTrue(Float.isFinite(v));
                }
            }
            float[] losses = trainer.lossHistory();
            assertTrue(losses[29] < losses[0], "loss still falls: " + losses[0] + " → " + losses[29]);
        }
    }

    @Test
    void aRunThatKeepsProducingNonFiniteGradientsStops() {
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                Trainer trainer = new Trainer(config(60), parameters,
                        withNanGradientWhen(problem.fullBatchLoss(), step -> step >= 5), Optional.empty(),
                        ProgressListener.NONE)) {
            TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingException.class, trainer::run);
            assertTrue(e.getMessage().contains("in a row"), e.getMessage());
        }
    }

    @Test
    void checkpointFromADifferentRunIsRefused() throws ModelFileException {
        Path checkpoint = dir.resolve("other.ckpt.safetensors");
        try (NDManager root = OfflineEngine.newManager()) {
            try (ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                    Trainer trainer = new Trainer(config(10), parameters, problem.fullBatchLoss(),
                            Optional.of(checkpoint), ProgressListener.NONE)) {
                trainer.runUntil(2);
            }
            TrainingConfig otherSeed = config(10).with(Map.of("seed", 78));
            try (ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                    Trainer trainer = new Trainer(otherSeed, parameters, problem.fullBatchLoss(), Optional.empty(),
                            ProgressListener.NONE)) {
                ModelFileException e = assertThrows(ModelFileException.class, () -> trainer.restore(checkpoint));
                assertTrue(e.problem().contains("seed (checkpoint 77, now 78)"), e.getMessage());
            }
        }
    }

    @Test
    void arraysOnTheParameterManagerDoNotGrowOverSteps() throws ModelFileException {
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                Trainer trainer = new Trainer(config(60), parameters, problem.sampledNoisyLoss(1, 8), Optional.empty(),
                        ProgressListener.NONE)) {
            trainer.runUntil(2);
            int afterTwo = parameters.manager().getManagedArrays().size();
            int rootAfterTwo = root.getManagedArrays().size();
            trainer.runUntil(50);

            assertEquals(afterTwo, parameters.manager().getManagedArrays().size());
            assertEquals(rootAfterTwo, root.getManagedArrays().size());
            // 4 parameters + EMA copies + two moment stores, nothing else.
            assertEquals(4 * 4, afterTwo);
        }
    }

    @Test
    void nonFiniteLossStopsTheRunWithTheStep() {
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                Trainer trainer = new Trainer(config(10), parameters,
                        context -> context.parameters().get("b2").sum().mul(Float.NaN), Optional.empty(),
                        ProgressListener.NONE)) {
            TrainingException e = assertThrows(TrainingException.class, trainer::run);
            assertTrue(e.getMessage().contains("loss became NaN at step 0"), e.getMessage());
            assertFalse(trainer.step() > 0);
        }
    }

    @Test
    void theStopNamesTheParametersWhoseGradientIsNotFinite() {
        // sqrt(0 · b2) is 0 going forward, but its backward is ∞ · 0 = NaN for b2 alone: a finite loss, one bad gradient.
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore parameters = TinyRegression.initialParameters(root, 5);
                Trainer trainer = new Trainer(config(30), parameters,
                        context -> context.parameters().get("w1").square().sum()
                                .add(context.parameters().get("b2").mul(0f).sqrt().sum()),
                        Optional.empty(), ProgressListener.NONE)) {
            TrainingException e = assertThrows(TrainingException.class, trainer::run);
            assertTrue(e.getMessage().endsWith("non-finite gradients: b2"), e.getMessage());
        }
    }
}
