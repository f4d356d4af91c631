package dev.tessera.compression.distill;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import dev.tessera.generation.train.AdamW;
import dev.tessera.generation.train.BatchSampler;
import dev.tessera.generation.train.GradientClipping;
import dev.tessera.generation.train.GroupBalancedBatchSampler;
import dev.tessera.generation.train.LearningRateSchedule;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.TrainingRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sensitivity-guided distillation of a pruned student from its whole teacher. Each step shows both
 * the same training batch (as the training loss draws it) and moves the student towards the
 * teacher: the min-SNR-weighted ε error against the teacher's ε, plus a feature term, the squared
 * difference of the two networks' RMS-normalised features before the output layer. AdamW updates each
 * parameter at the learning rate times its {@link LayerUpdates} factor; factor 0 freezes it.
 */
public final class Distiller {

    /** Steps timed before a time budget is turned into a step count. */
    static final int TIMED_STEPS = 10;
    private static final double DECAY_FRACTION = 0.3;
    private static final double TIME_CAP = 1.25;

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
        // PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that loaded
        // the engine. AdamW updates the parameters in place, which PyTorch refuses while grad mode is on, so
        // this thread (the studio's compression thread, say) starts with it off; the step's collector turns it on.
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        student.parameters().asMap().forEach((name, p) -> {
            if (updates.factor(name) > 0) {
                p.setRequiresGradient(true);
                trainable.put(name, p);
            }
        });
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("every parameter is frozen: nothing to distil");
        }
        BatchSampler batches = new GroupBalancedBatchSampler(options.seed(), examples.groups());
        long started = System.nanoTime();
        long total = budget instanceof DistillationBudget.Steps s ? s.steps() : Long.MAX_VALUE / 4;
        LearningRateSchedule schedule = schedule(total);
        if (budget instanceof DistillationBudget.Steps) {
            progress.started(0, total);
        }
        float first = Float.NaN;
        float last = Float.NaN;
        long step = 0;
        boolean stoppedEarly = false;
        try (AdamW adam = new AdamW(student.parameters(), student.parameters().manager(), 0.9, 0.95, 1e-8, 0)) {
            while (step < total) {
                if (stop.isCancelled() || budget instanceof DistillationBudget.Time t
                        && System.nanoTime() - started > TIME_CAP * t.time().toNanos()) {
                    stoppedEarly = true;
                    break;
                }
                double lr = schedule.at(step);
                last = step(step, batches, trainable, adam, lr);
                first = step == 0 ? last : first;
                step++;
                if (budget instanceof DistillationBudget.Time t && step == TIMED_STEPS) {
                    double perStep = (System.nanoTime() - started) / (double) TIMED_STEPS;
                    total = Math.max(TIMED_STEPS, (long) (t.time().toNanos() / perStep));
                    schedule = schedule(total);
                    progress.started(step, total);
                }
                if (budget instanceof DistillationBudget.Steps || step >= TIMED_STEPS) {
                    progress.stepDone(step, last, lr);
                }
            }
        } finally {
            trainable.values().forEach(p -> p.setRequiresGradient(false));
            progress.close();
        }
        return new Result(step, Duration.ofNanos(System.nanoTime() - started), first, last, stoppedEarly);
    }

    private LearningRateSchedule schedule(long total) {
        return new LearningRateSchedule(options.peakLearningRate(), 0, options.warmupSteps(), total, DECAY_FRACTION);
    }

    private float step(long step, BatchSampler batches, Map<String, NDArray> trainable, AdamW adam, double lr) {
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
            float value = loss.getFloat();
            if (!Float.isFinite(value)) {
                throw new IllegalStateException("the distillation loss became " + value + " at step " + step);
            }
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            trainable.forEach((name, p) -> {
                NDArray g = p.getGradient();
                g.attach(m);
                gradients.put(name, g);
            });
            GradientClipping.clipByGlobalNorm(gradients.values(), options.gradientClip());
            adam.update(student.parameters(), gradients, name -> lr * updates.factor(name), step + 1);
            // PyTorch accumulates into .grad; assignment resets it (as the trainer does).
            gradients.values().forEach(g -> g.set(new NDIndex("..."), 0));
            return value;
        }
    }
}
