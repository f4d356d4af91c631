package dev.tessera.generation.acdit.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditNetwork;
import dev.tessera.generation.acdit.model.BlockLayout;
import dev.tessera.generation.acdit.model.PatchTokens;
import dev.tessera.generation.acdit.model.SkipCausalBias;
import dev.tessera.generation.diffusion.NoiseSchedule;
import dev.tessera.generation.random.NoiseSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One batch of the ACDiT objective once its random draws are made: clean tokens and noise
 * [items × tokens × p·p·3] in block order, one timestep per (item, block) and one condition per item.
 * The training loss, and distillation, which shows the same batch to two networks, start from here.
 */
public record TrainingBatch(BlockLayout layout, float[] clean, float[] noise, int[] timesteps,
        List<AcditCondition> conditions) {

    public TrainingBatch {
        conditions = List.copyOf(conditions);
    }

    /**
     * Draws the batch of examples {@code items}: stratified timesteps, per-item noise, each example's
     * condition, dropped to the null condition with probability {@code conditionDropout}.
     */
    public static TrainingBatch draw(TrainingExamples examples, int[] items, BlockLayout layout, int trainSteps,
            double conditionDropout, SplittableRandom random) {
        PatchTokens patches = new PatchTokens(layout);
        int perImage = patches.floatsPerImage();
        int[] t = BlockTimesteps.draw(items.length, layout.blockCount(), trainSteps, random);
        NoiseSource noiseSource = NoiseSource.of(random.nextLong());
        float[] image = new float[perImage];
        float[] clean = new float[items.length * perImage];
        float[] noise = new float[items.length * perImage];
        List<AcditCondition> conditions = new ArrayList<>(items.length);
        for (int b = 0; b < items.length; b++) {
            examples.copyPixels(items[b], image, 0);
            patches.toTokens(image, 0, clean, b * perImage);
            System.arraycopy(noiseSource.stream(b).gaussian(perImage), 0, noise, b * perImage, perImage);
            AcditCondition condition = examples.condition(items[b], random);
            conditions.add(random.nextDouble() < conditionDropout ? AcditCondition.NONE : condition);
        }
        return new TrainingBatch(layout, clean, noise, t, conditions);
    }

    public int items() {
        return conditions.size();
    }

    /** Items {@code from} (inclusive) to {@code to} (exclusive) of this batch, with their draws unchanged. */
    public TrainingBatch items(int from, int to) {
        if (from < 0 || to > items() || from >= to) {
            throw new IllegalArgumentException("items " + from + ".." + to + " of a batch of " + items());
        }
        int perImage = clean.length / items();
        int blocks = layout.blockCount();
        return new TrainingBatch(layout, Arrays.copyOfRange(clean, from * perImage, to * perImage),
                Arrays.copyOfRange(noise, from * perImage, to * perImage),
                Arrays.copyOfRange(timesteps, from * blocks, to * blocks), conditions.subList(from, to));
    }

    /**
     * The network's inputs: each block noised at its own timestep, [clean ; noisy] under the
     * Skip-Causal mask, on {@code m}.
     */
    public AcditNetwork.Inputs inputs(NDManager m, NoiseSchedule schedule) {
        int items = items();
        int blocks = layout.blockCount();
        int perImage = clean.length / items;
        int perBlock = perImage / blocks;
        float[] noisy = new float[clean.length];
        float[] times = new float[items * blocks];
        for (int b = 0; b < items; b++) {
            for (int k = 0; k < blocks; k++) {
                int step = timesteps[b * blocks + k];
                times[b * blocks + k] = step;
                double alphaBar = schedule.alphaBar(step);
                float signal = (float) Math.sqrt(alphaBar);
                float sigma = (float) Math.sqrt(1 - alphaBar);
                for (int j = b * perImage + k * perBlock, end = j + perBlock; j < end; j++) {
                    noisy[j] = signal * clean[j] + sigma * noise[j];
                }
            }
        }
        Shape tokens = tokenShape();
        SkipCausalBias bias = SkipCausalBias.of(m, blocks, layout.tokensPerBlock());
        return new AcditNetwork.Inputs(m.create(noisy, tokens), 0, m.create(times, new Shape(items, blocks)),
                conditions, m.create(clean, tokens), 0, null, bias.cleanRows(), bias.noisyRows());
    }

    /** The noise as tokens [items, tokens, p·p·3] on {@code m}: the ε the network should predict. */
    public NDArray noise(NDManager m) {
        return m.create(noise, tokenShape());
    }

    /** Each token's loss weight [items, tokens, 1]: its block's min-SNR weight ({@link AcditLoss#minSnrWeight}). */
    public NDArray tokenWeights(NDManager m, NoiseSchedule schedule) {
        int tokensPerBlock = layout.tokensPerBlock();
        float[] weights = new float[timesteps.length * tokensPerBlock];
        for (int block = 0; block < timesteps.length; block++) {
            float w = (float) AcditLoss.minSnrWeight(schedule.alphaBar(timesteps[block]));
            Arrays.fill(weights, block * tokensPerBlock, (block + 1) * tokensPerBlock, w);
        }
        return m.create(weights, new Shape(items(), layout.tokenCount(), 1));
    }

    private Shape tokenShape() {
        return new Shape(items(), layout.tokenCount(), clean.length / items() / layout.tokenCount());
    }
}
