package dev.tessera.compression.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditModel;
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

    /** Tokens a forward pass takes at most while predicting (64 images of 8×8 tokens). */
    static final int TOKENS_PER_FORWARD = 64 * 64;

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

    /**
     * {@code model}'s noise prediction for the batch, item after item. Items go through the network a
     * few at a time ({@link #TOKENS_PER_FORWARD} tokens at most, one forward for a 32×32 image model's
     * 64 items), each group on a manager of its own: a 16-frame clip has 16 times an image's tokens,
     * and the whole batch's attention at once would take gigabytes.
     */
    public float[] predictedNoise(AcditModel model) {
        return predictedNoise(model, TOKENS_PER_FORWARD);
    }

    float[] predictedNoise(AcditModel model, int tokensPerForward) {
        int items = batch.items();
        int perForward = Math.max(1, tokensPerForward / batch.layout().tokenCount());
        float[] out = new float[batch.clean().length];
        int perItem = out.length / items;
        for (int from = 0; from < items; from += perForward) {
            int to = Math.min(items, from + perForward);
            TrainingBatch part = from == 0 && to == items ? batch : batch.items(from, to);
            try (NDManager m = model.parameters().manager().newSubManager()) {
                float[] noise = model.network().forward(part.inputs(m, SCHEDULE)).noise().toFloatArray();
                System.arraycopy(noise, 0, out, from * perItem, noise.length);
            }
        }
        return out;
    }

    /** The mean SiLU'd condition vector over the batch's (item, block) pairs [width]: what a constant adaLN stands in for. */
    public NDArray meanConditionSilu(AcditModel model, NDManager m) {
        NDArray silu = model.network().conditionSilu(batch.inputs(m, SCHEDULE).blockTimes(), batch.conditions());
        return silu.reshape(-1, silu.getShape().get(2)).mean(new int[] {0});
    }
}
