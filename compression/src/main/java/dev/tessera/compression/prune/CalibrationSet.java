package dev.tessera.compression.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.AcditNetwork;
import dev.tessera.generation.acdit.model.BlockLayout;
import dev.tessera.generation.acdit.training.AcditLoss;
import dev.tessera.generation.acdit.training.TrainingBatch;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.NoiseSchedule;
import dev.tessera.generation.random.Shuffles;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A fixed batch of the training objective: training images noised at stratified timesteps, their
 * prompts and styles (a tenth dropped to the null condition, as guidance needs it). Every model is
 * shown the same batch, so their noise predictions compare pair by pair.
 */
public record CalibrationSet(TrainingBatch batch) {

    public static final NoiseSchedule SCHEDULE = LinearNoiseSchedule.ddpm();

    /** {@code items} distinct examples drawn with {@code seed}. */
    public static CalibrationSet draw(TrainingExamples examples, BlockLayout layout, int items, long seed) {
        if (items < 1 || items > examples.size()) {
            throw new IllegalArgumentException("a calibration set needs 1.." + examples.size() + " items, not " + items);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] all = IntStream.range(0, examples.size()).toArray();
        Shuffles.shuffle(all, random);
        int[] chosen = java.util.Arrays.copyOf(all, items);
        return new CalibrationSet(TrainingBatch.draw(examples, chosen, layout, SCHEDULE.trainSteps(),
                AcditLoss.CONDITION_DROPOUT, random));
    }

    /** {@code model}'s prediction for the batch, on {@code m}. */
    public AcditNetwork.Result predict(AcditModel model, NDManager m) {
        return model.network().forward(batch.inputs(m, SCHEDULE));
    }

    /** The mean SiLU'd condition vector over the batch's (item, block) pairs [width]: what a constant adaLN stands in for. */
    public NDArray meanConditionSilu(AcditModel model, NDManager m) {
        NDArray silu = model.network().conditionSilu(batch.inputs(m, SCHEDULE).blockTimes(), batch.conditions());
        return silu.reshape(-1, silu.getShape().get(2)).mean(new int[] {0});
    }
}
