package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.acdit.training.AcditLoss;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.NoiseSchedule;
import dev.tessera.generation.train.BatchSampler;
import dev.tessera.generation.train.LossFunction;
import dev.tessera.generation.train.StepContext;

/**
 * The U-Net objective, ACDiT's with the whole image as one block: each image noised at its own
 * (stratified) timestep, the condition dropped for {@link AcditLoss#CONDITION_DROPOUT} of the items, and
 * the ε error weighted per image by min-SNR-γ ({@link AcditLoss#minSnrWeight}) and averaged. The GPU twin
 * (training/unet.py, {@code unet_loss}) computes the same. The predictor may be one U-Net or an ensemble of
 * them (whose aggregator is then what trains).
 */
public final class UnetLoss implements LossFunction {

    private final UnetPredictor network;
    private final TrainingExamples examples;
    private final NoiseSchedule schedule;
    private final int batchSize;
    private final BatchSampler batches;

    public UnetLoss(UnetPredictor network, TrainingExamples examples, NoiseSchedule schedule, int batchSize,
            BatchSampler batches) {
        this.network = network;
        this.examples = examples;
        this.schedule = schedule;
        this.batchSize = batchSize;
        this.batches = batches;
    }

    @Override
    public NDArray loss(StepContext context) {
        int[] batch = batches.batch(context.step(), batchSize);
        return weightedLoss(context.manager(), UnetBatch.draw(examples, batch, network.config().imageSize(),
                schedule.trainSteps(), AcditLoss.CONDITION_DROPOUT, context.random()));
    }

    /** The loss of one batch once its draws are made, on {@code m}. */
    public NDArray weightedLoss(NDManager m, UnetBatch batch) {
        NDArray noise = batch.noiseImages(m);
        NDArray noisy = schedule.addNoise(batch.cleanImages(m), noise, batch.timesteps());
        NDArray predicted = network.forward(noisy, batch.times(m), batch.conditions());
        return predicted.sub(noise).square().mul(weights(m, batch)).mean();
    }

    /** Each image's min-SNR weight [B, 1, 1, 1]. */
    private NDArray weights(NDManager m, UnetBatch batch) {
        int[] t = batch.timesteps();
        float[] weights = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            weights[i] = (float) AcditLoss.minSnrWeight(schedule.alphaBar(t[i]));
        }
        return m.create(weights, new Shape(t.length, 1, 1, 1));
    }
}
