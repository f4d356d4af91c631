package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.training.BlockTimesteps;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.random.NoiseSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One batch of the U-Net objective once its random draws are made: clean CHW images and their noise
 * [items × 3 × S × S], one timestep and one condition per item.
 */
public record UnetBatch(int imageSize, float[] clean, float[] noise, int[] timesteps, List<AcditCondition> conditions) {

    public UnetBatch {
        conditions = List.copyOf(conditions);
        int floats = UnetConfig.CHANNELS * imageSize * imageSize;
        if (clean.length != conditions.size() * floats || noise.length != clean.length
                || timesteps.length != conditions.size()) {
            throw new IllegalArgumentException("a batch of " + conditions.size() + " images of " + floats
                    + " floats needs as many timesteps, got " + clean.length + " clean floats, " + noise.length
                    + " noise floats and " + timesteps.length + " timesteps");
        }
    }

    /**
     * Draws the batch of examples {@code items} as ACDiT's batches are drawn (an image is one block):
     * stratified timesteps, per-item noise, each example's condition dropped to the null condition with
     * probability {@code conditionDropout}.
     */
    public static UnetBatch draw(TrainingExamples examples, int[] items, int imageSize, int trainSteps,
            double conditionDropout, SplittableRandom random) {
        int perImage = UnetConfig.CHANNELS * imageSize * imageSize;
        int[] t = BlockTimesteps.draw(items.length, 1, trainSteps, random);
        NoiseSource noiseSource = NoiseSource.of(random.nextLong());
        float[] clean = new float[items.length * perImage];
        float[] noise = new float[items.length * perImage];
        List<AcditCondition> conditions = new ArrayList<>(items.length);
        for (int b = 0; b < items.length; b++) {
            examples.copyPixels(items[b], clean, b * perImage);
            System.arraycopy(noiseSource.stream(b).gaussian(perImage), 0, noise, b * perImage, perImage);
            AcditCondition condition = examples.condition(items[b], random);
            conditions.add(random.nextDouble() < conditionDropout ? AcditCondition.NONE : condition);
        }
        return new UnetBatch(imageSize, clean, noise, t, conditions);
    }

    public int items() {
        return conditions.size();
    }

    /** The clean images [B, 3, S, S] on {@code m}. */
    public NDArray cleanImages(NDManager m) {
        return m.create(clean, shape());
    }

    /** The noise [B, 3, S, S] on {@code m}: the ε the network should predict. */
    public NDArray noiseImages(NDManager m) {
        return m.create(noise, shape());
    }

    /** The timesteps as floats [B] on {@code m}, as the network reads them. */
    public NDArray times(NDManager m) {
        float[] times = new float[timesteps.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = timesteps[i];
        }
        return m.create(times);
    }

    private Shape shape() {
        return new Shape(items(), UnetConfig.CHANNELS, imageSize, imageSize);
    }
}
