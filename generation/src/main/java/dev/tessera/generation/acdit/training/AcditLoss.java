package dev.tessera.generation.acdit.training;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditNetwork;
import dev.tessera.generation.acdit.model.BlockLayout;
import dev.tessera.generation.acdit.model.PatchTokens;
import dev.tessera.generation.acdit.model.SkipCausalBias;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.diffusion.NoiseSchedule;
import dev.tessera.generation.random.NoiseSource;
import dev.tessera.generation.train.BatchSampler;
import dev.tessera.generation.train.LossFunction;
import dev.tessera.generation.train.StepContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ACDiT objective: min-SNR-weighted ε-MSE on the noisy half of [clean ; noisy] under the
 * Skip-Causal mask, one stratified timestep per (item, block), no noise on the clean context, and the condition dropped
 * (prompt and style → learned null) for 10 % of items.
 */
public final class AcditLoss implements LossFunction {

    public static final double CONDITION_DROPOUT = 0.1;

    /** γ of the min-SNR weighting, see {@link #minSnrWeight}. */
    public static final double MIN_SNR_GAMMA = 1.0;

    private final AcditNetwork network;
    private final TrainingExamples examples;
    private final NoiseSchedule schedule;
    private final int batchSize;
    private final BatchSampler batches;
    private final PatchTokens patches;

    public AcditLoss(AcditNetwork network, TrainingExamples examples, NoiseSchedule schedule, int batchSize,
            BatchSampler batches) {
        this.network = network;
        this.examples = examples;
        this.schedule = schedule;
        this.batchSize = batchSize;
        this.batches = batches;
        this.patches = new PatchTokens(network.layout());
    }

    @Override
    public NDArray loss(StepContext context) {
        SplittableRandom random = context.random();
        BlockLayout layout = network.layout();
        int[] batch = batches.batch(context.step(), batchSize);
        int items = batch.length;
        int blocks = layout.blockCount();
        int perImage = patches.floatsPerImage();
        int[] t = BlockTimesteps.draw(items, blocks, schedule.trainSteps(), random);
        NoiseSource noiseSource = NoiseSource.of(random.nextLong());

        float[] image = new float[perImage];
        float[] clean = new float[items * perImage];
        float[] noise = new float[items * perImage];
        List<AcditCondition> conditions = new ArrayList<>(items);
        for (int b = 0; b < items; b++) {
            examples.copyPixels(batch[b], image, 0);
            patches.toTokens(image, 0, clean, b * perImage);
            System.arraycopy(noiseSource.stream(b).gaussian(perImage), 0, noise, b * perImage, perImage);
            AcditCondition condition = examples.condition(batch[b], random);
            conditions.add(random.nextDouble() < CONDITION_DROPOUT ? AcditCondition.NONE : condition);
        }
        return weightedLoss(context.manager(), clean, noise, t, conditions);
    }

    /**
     * The loss of one batch once its draws are made: clean tokens and noise [items × tokens × p·p·3] in
     * block order, one timestep per (item, block) and one condition per item. Each block is noised at its
     * own timestep, the network sees [clean ; noisy] under the Skip-Causal mask, and the ε error is
     * weighted per block (min-SNR) and averaged. The GPU twin (training/objective.py) computes the same.
     */
    NDArray weightedLoss(NDManager m, float[] clean, float[] noise, int[] t, List<AcditCondition> conditions) {
        BlockLayout layout = network.layout();
        int items = conditions.size();
        int blocks = layout.blockCount();
        int perImage = patches.floatsPerImage();
        int perBlock = patches.floatsPerBlock();
        float[] noisy = new float[items * perImage];
        float[] times = new float[items * blocks];
        for (int b = 0; b < items; b++) {
            for (int k = 0; k < blocks; k++) {
                int step = t[b * blocks + k];
                times[b * blocks + k] = step;
                double alphaBar = schedule.alphaBar(step);
                float signal = (float) Math.sqrt(alphaBar);
                float sigma = (float) Math.sqrt(1 - alphaBar);
                for (int j = b * perImage + k * perBlock, end = j + perBlock; j < end; j++) {
                    noisy[j] = signal * clean[j] + sigma * noise[j];
                }
            }
        }
        Shape tokens = new Shape(items, layout.tokenCount(), network.config().patchFloats());
        SkipCausalBias bias = SkipCausalBias.of(m, blocks, layout.tokensPerBlock());
        NDArray predicted = network.forward(new AcditNetwork.Inputs(m.create(noisy, tokens), 0,
                m.create(times, new Shape(items, blocks)), conditions, m.create(clean, tokens), 0, null,
                bias.cleanRows(), bias.noisyRows())).noise();
        NDArray perToken = m.create(tokenWeights(t, layout), new Shape(items, layout.tokenCount(), 1));
        return predicted.sub(m.create(noise, tokens)).square().mul(perToken).mean();
    }

    /** Each token's loss weight: its block's min-SNR weight, for the (item, block) timesteps {@code t}. */
    private float[] tokenWeights(int[] t, BlockLayout layout) {
        int tokensPerBlock = layout.tokensPerBlock();
        float[] weights = new float[t.length * tokensPerBlock];
        for (int block = 0; block < t.length; block++) {
            float w = (float) minSnrWeight(schedule.alphaBar(t[block]));
            Arrays.fill(weights, block * tokensPerBlock, (block + 1) * tokensPerBlock, w);
        }
        return weights;
    }

    /**
     * Min-SNR-γ loss weight for ε-prediction (Hang et al. 2023): {@code min(SNR, γ) / SNR}. Plain
     * ε-MSE weighs a block's x0 error by SNR, so the noisy levels where the prompt decides the picture
     * get almost no gradient; with γ = 1 low-noise blocks are weighted as x0-MSE and noisy ones as
     * ε-MSE. Measured on four memorised images (docs/acdit.md): γ = 1 recovers them from their
     * prompts after 1500 steps where unweighted ε-MSE draws one patchwork for all four.
     */
    static double minSnrWeight(double alphaBar) {
        double snr = alphaBar / (1 - alphaBar);
        return Math.min(snr, MIN_SNR_GAMMA) / snr;
    }
}
