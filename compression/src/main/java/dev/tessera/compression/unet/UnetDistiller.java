package dev.tessera.compression.unet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tessera.compression.distill.DistillationBudget;
import dev.tessera.compression.distill.DistillationLoop;
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
import dev.tessera.generation.train.BatchSampler;
import dev.tessera.generation.train.GroupBalancedBatchSampler;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.TrainingRandom;
import java.util.List;

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
     * Trains the student in place for {@code budget} ({@link DistillationLoop}: progress from the first step for a
     * step budget, once the step count is known for a time budget).
     */
    public Distiller.Result run(DistillationBudget budget, ProgressListener progress, CancellationToken stop) {
        BatchSampler batches = new GroupBalancedBatchSampler(options.seed(), examples.groups());
        DistillationLoop loop = new DistillationLoop(student.parameters(), updates::factor, options);
        return loop.run(budget, (step, lr) -> step(step, batches, loop, lr), progress, stop);
    }

    private float step(long step, BatchSampler batches, DistillationLoop loop, double lr) {
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
            float value = DistillationLoop.requireFinite(loss.getFloat(), step);
            loop.update(m, step, lr);
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
