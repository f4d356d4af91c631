package dev.tessera.compression.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.compression.prune.CalibrationSet;
import dev.tessera.ensemble.unet.UnetBatch;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.training.AcditLoss;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.random.Shuffles;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The U-Net's fixed batch of its training objective, as {@link CalibrationSet} is ACDiT's: distinct training
 * images noised at stratified timesteps, their prompts and styles, each dropped to the null condition with the
 * training's probability (a tenth), all drawn from one seed. Every model sees the same batch, so their noise
 * predictions compare pair by pair.
 */
public record UnetCalibrationSet(UnetBatch batch) {

    /** {@code items} distinct examples of {@code examples} drawn with {@code seed}, as {@code imageSize} images. */
    public static UnetCalibrationSet draw(TrainingExamples examples, int imageSize, int items, long seed) {
        if (items < 1 || items > examples.size()) {
            throw new IllegalArgumentException("a calibration set needs 1.." + examples.size() + " items, not " + items);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] all = IntStream.range(0, examples.size()).toArray();
        Shuffles.shuffle(all, random);
        return new UnetCalibrationSet(UnetBatch.draw(examples, Arrays.copyOf(all, items), imageSize,
                CalibrationSet.SCHEDULE.trainSteps(), AcditLoss.CONDITION_DROPOUT, random));
    }

    /** The noised images [B, 3, S, S] on {@code m}: what the network reads. */
    public NDArray noisyImages(NDManager m) {
        return CalibrationSet.SCHEDULE.addNoise(batch.cleanImages(m), batch.noiseImages(m), batch.timesteps());
    }

    /** {@code model}'s ε for the batch [B, 3, S, S], on {@code m}. */
    public NDArray predict(UnetModel model, NDManager m) {
        return model.network().forward(noisyImages(m), batch.times(m), batch.conditions());
    }
}
