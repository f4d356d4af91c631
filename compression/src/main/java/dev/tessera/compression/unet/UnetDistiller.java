package dev.tessera.compression.unet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tessera.compression.distill.DistillationBudget;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.prune.CalibrationSet;
import dev.tessera.ensemble.unet.FeatureMixer;
import dev.tessera.ensemble.unet.UnetBatch;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetNetwork;
import dev.tessera.generation.acdit.training.AcditLoss;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.NoiseSchedule;
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
import java.util.List;
import java.util.Map;

/**
 * Sensitivity-guided distillation of a pruned U-Net from its whole teacher, ACDiT's {@link Distiller} for the
 * U-Net objective and with the same {@link Distiller.Options} and budgets. Each step shows both networks the same
 * training batch (as {@code UnetLoss} draws it: balanced, stratified timesteps, a tenth with the null condition)
 * and moves the student towards the teacher: the min-SNR-weighted ε error against the teacher's ε, plus the
 * feature term, the squared difference of the two networks' features after the last stage (what the output
 * layer reads, RMS-normalised over the channels of each pixel). AdamW updates each parameter at the learning
 * rate times its {@link UnetBlockUpdates} factor; factor 0 freezes it.
 */
public final class UnetDistiller {

    /** Steps timed before a time budget is turned into a step count (as {@link Distiller}). */
    static final int TIMED_STEPS = 10;
    private static final double DECAY_FRACTION = 0.3;
    private static final double TIME_CAP = 1.25;
    private static final NoiseSchedule SCHEDULE = CalibrationSet.SCHEDULE;

    private final UnetModel teacher;
    private final UnetModel student;
    private final TrainingExamples examples;
    private final UnetBlockUpdates updates;
    private final Distiller.Options options;
    private final Engine engine = OfflineEngine.engine();

    public UnetDistiller(UnetModel teacher, UnetModel student, TrainingExamples examples, UnetBlockUpdates updates,
            Distiller.Options options) {
        if (!student.config().unpruned().equals(teacher.config())) {
            throw new IllegalArgumentException("the student " + student.config() + " is no pruned form of the teacher "
                    + teacher.config());
        }
        this.teacher = teacher;
        this.student = student;
        this.examples = examples;
        this.updates = updates;
        this.options = options;
    }

    /**
     * Trains the student in place for {@code budget}. Progress is reported from the first step for a step
     * budget, and once the step count is known (after {@value #TIMED_STEPS} steps) for a time budget.
     */
    public Distiller.Result run(DistillationBudget budget, ProgressListener progress, CancellationToken stop) {
        // As Distiller: grad mode off on this thread, the step's collector turns it on.
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
        return new Distiller.Result(step, Duration.ofNanos(System.nanoTime() - started), first, last, stoppedEarly);
    }

    private LearningRateSchedule schedule(long total) {
        return new LearningRateSchedule(options.peakLearningRate(), 0, options.warmupSteps(), total, DECAY_FRACTION);
    }

    private float step(long step, BatchSampler batches, Map<String, NDArray> trainable, AdamW adam, double lr) {
        try (NDManager m = student.parameters().manager().newSubManager()) {
            UnetBatch batch = UnetBatch.draw(examples, batches.batch(step, options.batchSize()),
                    student.config().imageSize(), SCHEDULE.trainSteps(), AcditLoss.CONDITION_DROPOUT,
                    TrainingRandom.forStep(options.seed(), step));
            NDArray noisy = SCHEDULE.addNoise(batch.cleanImages(m), batch.noiseImages(m), batch.timesteps());
            NDArray times = batch.times(m);
            Pass target = Pass.of(teacher.network(), noisy, times, batch); // outside the collector: no graph
            NDArray weights = minSnrWeights(m, batch);
            RmsNorm norm = RmsNorm.plain();
            NDArray loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                Pass predicted = Pass.of(student.network(), noisy, times, batch);
                NDArray epsilon = predicted.noise().sub(target.noise()).square().mul(weights).mean();
                NDArray features = norm.forward(predicted.pixelFeatures()).sub(norm.forward(target.pixelFeatures()))
                        .square().mean();
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

    /** Each image's min-SNR weight [B, 1, 1, 1], as the U-Net's training loss weights it. */
    private static NDArray minSnrWeights(NDManager m, UnetBatch batch) {
        int[] t = batch.timesteps();
        float[] weights = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            weights[i] = (float) AcditLoss.minSnrWeight(SCHEDULE.alphaBar(t[i]));
        }
        return m.create(weights, new Shape(t.length, 1, 1, 1));
    }

    /**
     * One network's ε and the feature after its last stage, read at that aggregation point of the ordinary
     * forward pass (a one-expert {@link FeatureMixer#average()} that keeps what it is handed).
     */
    private record Pass(NDArray noise, NDArray features) {

        static Pass of(UnetNetwork network, NDArray noisy, NDArray times, UnetBatch batch) {
            int lastStage = network.aggregationPoints() - 2;
            NDArray[] kept = new NDArray[1];
            FeatureMixer keeping = (point, features, conditioning) -> {
                if (point == lastStage) {
                    kept[0] = features.get(0);
                }
                return FeatureMixer.mean(features);
            };
            NDArray noise = UnetNetwork.forwardMixed(List.of(network), keeping, noisy, times, batch.conditions());
            return new Pass(noise, kept[0]);
        }

        /** The features [B, C, H, W] as [B, H, W, C]: a vector per pixel, for the RMS norm over channels. */
        NDArray pixelFeatures() {
            return features.transpose(0, 2, 3, 1);
        }
    }
}
