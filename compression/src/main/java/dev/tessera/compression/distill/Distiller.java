package dev.tessera.compression.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.tessera.compression.prune.CalibrationSet;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.AcditNetwork;
import dev.tessera.generation.acdit.training.AcditLoss;
import dev.tessera.generation.acdit.training.TrainingBatch;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.nn.RmsNorm;
import dev.tessera.generation.nn.Scalars;
import dev.tessera.generation.train.BatchSampler;
import dev.tessera.generation.train.GroupBalancedBatchSampler;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.TrainingRandom;
import java.time.Duration;

/**
 * Sensitivity-guided distillation of a pruned student from its whole teacher. Each step shows both
 * the same training batch (as the training loss draws it) and moves the student towards the
 * teacher: the min-SNR-weighted ε error against the teacher's ε, plus a feature term, the squared
 * difference of the two networks' RMS-normalised features before the output layer. AdamW updates each
 * parameter at the learning rate times its {@link LayerUpdates} factor; factor 0 freezes it.
 */
public final class Distiller {

    /** Steps timed before a time budget is turned into a step count. */
    static final int TIMED_STEPS = DistillationLoop.TIMED_STEPS;

    /**
     * @param featureWeight weight of the feature term against the ε term
     */
    public record Options(int batchSize, double peakLearningRate, int warmupSteps, double featureWeight,
            double gradientClip, long seed) {

        public static Options defaults() {
            return new Options(32, 3e-4, 50, 0.1, 1.0, 20261210L);
        }
    }

    /** Steps done, time taken and the loss at the first and last step. */
    public record Result(long steps, Duration elapsed, float firstLoss, float lastLoss, boolean stoppedEarly) {}

    private final AcditModel teacher;
    private final AcditModel student;
    private final TrainingExamples examples;
    private final LayerUpdates updates;
    private final Options options;
    private final Engine engine = OfflineEngine.engine();

    public Distiller(AcditModel teacher, AcditModel student, TrainingExamples examples, LayerUpdates updates,
            Options options) {
        if (!teacher.config().layout().equals(student.config().layout())) {
            throw new IllegalArgumentException("teacher and student must share the block layout");
        }
        this.teacher = teacher;
        this.student = student;
        this.examples = examples;
        this.updates = updates;
        this.options = options;
    }

    /**
     * Trains the student in place for {@code budget}. Progress is reported from the first step for a
     * step budget, and once the step count is known (after {@value #TIMED_STEPS} steps) for a time budget.
     */
    public Result run(DistillationBudget budget, ProgressListener progress, CancellationToken stop) {
        BatchSampler batches = new GroupBalancedBatchSampler(options.seed(), examples.groups());
        DistillationLoop loop = new DistillationLoop(student.parameters(), updates::factor, options);
        return loop.run(budget, (step, lr) -> step(step, batches, loop, lr), progress, stop);
    }

    private float step(long step, BatchSampler batches, DistillationLoop loop, double lr) {
        try (NDManager m = student.parameters().manager().newSubManager()) {
            TrainingBatch batch = TrainingBatch.draw(examples, batches.batch(step, options.batchSize()),
                    student.config().layout(), CalibrationSet.SCHEDULE.trainSteps(), AcditLoss.CONDITION_DROPOUT,
                    TrainingRandom.forStep(options.seed(), step));
            AcditNetwork.Inputs inputs = batch.inputs(m, CalibrationSet.SCHEDULE);
            AcditNetwork.Result target = teacher.network().forward(inputs); // outside the collector: no graph
            NDArray weights = batch.tokenWeights(m, CalibrationSet.SCHEDULE);
            RmsNorm norm = RmsNorm.plain();
            NDArray loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                AcditNetwork.Result predicted = student.network().forward(inputs);
                NDArray epsilon = predicted.noise().sub(target.noise()).square().mul(weights).mean();
                NDArray features = norm.forward(predicted.features()).sub(norm.forward(target.features())).square().mean();
                loss = epsilon.add(Scalars.times(features, (float) options.featureWeight()));
                collector.backward(loss);
            }
            float value = DistillationLoop.requireFinite(loss.getFloat(), step);
            loop.update(m, step, lr);
            return value;
        }
    }
}
