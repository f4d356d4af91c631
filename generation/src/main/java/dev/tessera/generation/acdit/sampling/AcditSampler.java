package dev.tessera.generation.acdit.sampling;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.AcditNetwork;
import dev.tessera.generation.acdit.model.BlockLayout;
import dev.tessera.generation.acdit.model.PatchTokens;
import dev.tessera.generation.acdit.model.SkipCausalBias;
import dev.tessera.generation.acdit.model.StepCache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.ClassifierFreeGuidance;
import dev.tessera.generation.diffusion.ContrastGuidance;
import dev.tessera.generation.diffusion.Denoiser;
import dev.tessera.generation.diffusion.NoisePredictor;
import dev.tessera.generation.diffusion.Sampler;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.diffusion.StepProgress;
import dev.tessera.generation.random.NoiseSource;
import dev.tessera.generation.random.NoiseStream;
import dev.tessera.generation.random.NoiseTensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Block-wise autoregressive sampling (docs/acdit.md, "Sampling"): each block is denoised by a fresh call of the
 * diffusion sampler (so solver history resets per block), conditioned on the finished blocks.
 * {@link ContextMode#KV_CACHE}: block 0 alone; for block k &gt; 0 the first step feeds
 * [clean block k-1 ; noisy block k] and the clean half's per-layer keys/values join the cache, later
 * steps feed only the noisy block. {@link ContextMode#RECOMPUTE} feeds all clean blocks every step
 * (the reference the cache must equal, and the benchmark baseline).
 *
 * <p>Image i's block k starts from {@code NoiseSource.of(seeds[i]).stream(k)}, so image i of a batch
 * equals image i generated alone. Everything lives on a sub-manager of the model's manager that is
 * closed before returning, also on cancellation.
 */
public final class AcditSampler {

    public enum ContextMode { KV_CACHE, RECOMPUTE }

    /** Training images are scaled to [-1, 1]. */
    static final double PIXEL_BOUND = 1.0;

    private final AcditModel model;
    private final AcditNetwork network;
    private final Sampler sampler;
    private final ContextMode mode;
    private final StepSchedule schedule; // null: every block takes the options' steps
    private final double stepCacheThreshold;

    public AcditSampler(AcditModel model, Sampler sampler, ContextMode mode) {
        this(model, sampler, mode, null, 0);
    }

    private AcditSampler(AcditModel model, Sampler sampler, ContextMode mode, StepSchedule schedule,
            double stepCacheThreshold) {
        StepCache.checkThreshold(stepCacheThreshold);
        this.model = model;
        this.network = model.network();
        this.sampler = sampler;
        this.mode = mode;
        this.schedule = schedule;
        this.stepCacheThreshold = stepCacheThreshold;
    }

    /**
     * This sampler with {@code steps} for each block position, in place of the options' one number of steps a
     * block (null: back to that number). A student trained for few steps runs with a short uniform schedule.
     */
    public AcditSampler withSchedule(StepSchedule steps) {
        return new AcditSampler(model, sampler, mode, steps, stepCacheThreshold);
    }

    /** This sampler with step caching at {@code threshold} (see {@link StepCache}; 0 = off). */
    public AcditSampler withStepCache(double threshold) {
        return new AcditSampler(model, sampler, mode, schedule, threshold);
    }

    /** Layer runs and skips counted while step caching was on. */
    public record CacheCounts(long layersRun, long layersSkipped) {
        /** What happened between {@code earlier} and these counts. */
        public CacheCounts since(CacheCounts earlier) {
            return new CacheCounts(layersRun - earlier.layersRun, layersSkipped - earlier.layersSkipped);
        }

        public double skippedFraction() {
            long all = layersRun + layersSkipped;
            return all == 0 ? 0 : layersSkipped / (double) all;
        }
    }

    private static final ThreadLocal<CacheCounts> THREAD_COUNTS = ThreadLocal.withInitial(() -> new CacheCounts(0, 0));

    /**
     * What step caching did in every {@link #sample} call this thread has made (zeros while it was off);
     * {@link CacheCounts#since} gives one stretch of work.
     */
    public static CacheCounts threadCacheCounts() {
        return THREAD_COUNTS.get();
    }

    /**
     * Generates one image per condition (one training-length clip for a video model); returns CHW
     * images in [-1, 1] (not clamped), a clip's frames one after another.
     *
     * @param perBlock steps, cancellation (checked before every step and block) and a per-step
     *                 listener of the underlying sampler (usually none: use {@code listener})
     * @throws dev.tessera.generation.diffusion.SamplingCancelledException when cancelled; nothing is returned
     */
    public List<float[]> sample(List<AcditCondition> conditions, long[] seeds, AcditGuidance guidance,
            SamplingOptions perBlock, BlockListener listener) {
        return sample(conditions, seeds, guidance, perBlock, listener, ClipSpan.trainedLength(network.config()));
    }

    /**
     * Generates one clip of {@code span.frames()} frames per condition (for an image model, the
     * one-frame span: one image). Block b of the clip starts from the noise of
     * {@code NoiseSource.of(seed).stream(b)} and sees the blocks of the window before it. Once the
     * clip is longer than the window, the window slides by a block per block and its frames are
     * re-positioned from frame 0 (see {@link ClipSpan}); with the KV cache that means the window's
     * keys and values are computed again once per block (not once per step, as {@code RECOMPUTE} does).
     */
    public List<float[]> sample(List<AcditCondition> conditions, long[] seeds, AcditGuidance guidance,
            SamplingOptions perBlock, BlockListener listener, ClipSpan span) {
        return sample(conditions, Collections.nCopies(conditions.size(), AcditCondition.NONE), seeds, guidance,
                perBlock, listener, span);
    }

    /**
     * {@link #sample(List, long[], AcditGuidance, SamplingOptions, BlockListener, ClipSpan)} with
     * {@code negatives} in the unconditional branch of classifier-free guidance, one per condition: a
     * negative prompt, as A1111 has it. With {@link AcditCondition#NONE} for each it is plain guidance.
     */
    public List<float[]> sample(List<AcditCondition> conditions, List<AcditCondition> negatives, long[] seeds,
            AcditGuidance guidance, SamplingOptions perBlock, BlockListener listener, ClipSpan span) {
        return sample(conditions, negatives, seeds, guidance, perBlock, listener, span, SamplingStart.NOISE);
    }

    /**
     * {@link #sample(List, List, long[], AcditGuidance, SamplingOptions, BlockListener, ClipSpan)} from
     * {@code start}. From an image (image models only): a kept block is the source's block, copied and
     * never denoised; every other block starts at step {@link SamplingStart.FromImage#firstStep} of its
     * grid from {@code alpha·source + sigma·noise} at that step's level, with the same noise text to image
     * draws (from step 0 it is the noise alone, so strength 1 without kept blocks is text to image).
     * ACDiT is causal over blocks: a kept block steers only the blocks after it, through the cache.
     */
    public List<float[]> sample(List<AcditCondition> conditions, List<AcditCondition> negatives, long[] seeds,
            AcditGuidance guidance, SamplingOptions perBlock, BlockListener listener, ClipSpan span,
            SamplingStart start) {
        if (conditions.isEmpty() || conditions.size() != seeds.length) {
            throw new IllegalArgumentException("need one seed per condition, got " + seeds.length + " and "
                    + conditions.size());
        }
        if (negatives.size() != conditions.size()) {
            throw new IllegalArgumentException("need one negative condition per condition, got " + negatives.size()
                    + " and " + conditions.size());
        }
        span.checkFor(network.config());
        BlockLayout layout = network.layout();
        PatchTokens clip = new PatchTokens(layout.withFrames(span.frames()));
        int items = conditions.size();
        int blocks = clip.layout().blockCount();
        int windowBlocks = span.windowBlocks(network.config());
        int blockFloats = clip.floatsPerBlock();
        float[][] tokens = new float[items][clip.floatsPerImage()];
        List<AcditCondition> nulls = Collections.nCopies(items, AcditCondition.NONE);
        // One style: no contrast branch to pay for.
        double styleStrength = network.config().styles().size() > 1 ? guidance.styleStrength() : 0;
        List<AcditCondition> contrasts = styleStrength == 0 ? nulls : otherStyles(conditions);
        Shape blockShape = new Shape(layout.tokensPerBlock(), network.config().patchFloats());
        SourceBlocks source = SourceBlocks.of(start, clip, network.config());
        StepSchedule steps = schedule != null ? schedule : StepSchedule.uniform(perBlock.steps());
        int allSteps = steps.totalSteps(blocks);
        long ran = 0;
        long skipped = 0;
        try (NDManager job = model.parameters().manager().newSubManager();
                KvCache cache = new KvCache(job, network.attentionLayers())) {
            for (int k = 0; k < blocks; k++) {
                perBlock.cancellation().throwIfCancelled(steps.stepsBefore(k), allSteps);
                int blockSteps = steps.stepsFor(k);
                if (source.keeps(k)) {
                    // Copied, not denoised: it enters the cache at the next block's first step, as a finished block does.
                    for (float[] item : tokens) {
                        source.copyBlock(k, item);
                    }
                    listener.onBlockDone(new BlockListener.BlockDone(k, blocks, images(clip, tokens)));
                    continue;
                }
                List<NoiseStream> streams = new ArrayList<>(items);
                for (long seed : seeds) {
                    streams.add(NoiseSource.of(seed).stream(k));
                }
                try (NDManager blockScope = job.newSubManager()) {
                    StepCache stepCache = StepCache.forBlock(blockScope, stepCacheThreshold, network.runningLayers());
                    BlockDenoiser denoiser = new BlockDenoiser(k, Math.max(0, k - windowBlocks + 1), tokens, cache, stepCache);
                    NoisePredictor predictor = new ContrastGuidance<>(
                            new ClassifierFreeGuidance<>(denoiser, conditions, negatives, guidance.scale()), contrasts,
                            styleStrength);
                    int block = k;
                    // Pixels live in [-1, 1]: bound every x0 estimate there (see SamplingOptions#x0Bound).
                    SamplingOptions options = perBlock.withSteps(blockSteps).withX0Bound(PIXEL_BOUND).withListener(progress -> {
                        perBlock.listener().onStep(progress);
                        // Every step is heard (the queue's progress and time left count them); only the
                        // preview, a copy per step, is left out when it is not wanted.
                        listener.onStep(new BlockListener.BlockStep(block, blocks, progress.stepIndex(),
                                progress.totalSteps(), progress.timestep(),
                                listener.wantsPreviews() ? preview(clip, tokens, block, progress) : List.of(),
                                steps.stepsBefore(block), allSteps));
                    });
                    NDArray noise = NoiseTensors.gaussianBatch(blockScope, blockShape, streams);
                    NDArray begin = source.startOf(k, noise, sampler, blockSteps);
                    float[] result = sampler.sample(predictor, begin, options.startingAt(source.firstStep(blockSteps)))
                            .toFloatArray();
                    for (int i = 0; i < items; i++) {
                        System.arraycopy(result, i * blockFloats, tokens[i], k * blockFloats, blockFloats);
                    }
                    ran += stepCache.layersRun();
                    skipped += stepCache.layersSkipped();
                }
                listener.onBlockDone(new BlockListener.BlockDone(k, blocks, images(clip, tokens)));
            }
            CacheCounts before = THREAD_COUNTS.get();
            THREAD_COUNTS.set(new CacheCounts(before.layersRun() + ran, before.layersSkipped() + skipped));
            return images(clip, tokens);
        }
    }

    /**
     * Each condition's prompt in the model's other style (called only for models of two styles); the
     * null condition contrasts with itself, so it gets no push.
     */
    private List<AcditCondition> otherStyles(List<AcditCondition> conditions) {
        List<EmojiStyle> styles = network.config().styles();
        return conditions.stream().map(c -> c.inOtherStyle(styles)).toList();
    }

    private static List<float[]> images(PatchTokens patches, float[][] tokens) {
        List<float[]> images = new ArrayList<>(tokens.length);
        for (float[] t : tokens) {
            images.add(patches.toImage(t));
        }
        return images;
    }

    private static List<float[]> preview(PatchTokens patches, float[][] tokens, int block, StepProgress progress) {
        int blockFloats = patches.floatsPerBlock();
        float[] x0 = progress.predictedX0().toFloatArray();
        List<float[]> images = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            float[] t = tokens[i].clone();
            System.arraycopy(x0, i * blockFloats, t, block * blockFloats, blockFloats);
            images.add(patches.toImage(t));
        }
        return images;
    }

    /**
     * ε for noisy block {@code block} of the clip, with the finished blocks {@code windowStart .. block-1}
     * as context; in the model's layout the window starts at block 0. Called once per sampler step.
     */
    private final class BlockDenoiser implements Denoiser<List<AcditCondition>> {

        private final int block;
        private final int windowStart;
        private final float[][] tokens;
        private final KvCache cache;
        private final StepCache stepCache;
        private boolean contextCached;

        BlockDenoiser(int block, int windowStart, float[][] tokens, KvCache cache, StepCache stepCache) {
            this.block = block;
            this.windowStart = windowStart;
            this.tokens = tokens;
            this.cache = cache;
            this.stepCache = stepCache;
        }

        @Override
        public NDArray predictNoise(NDArray x, NDArray t, List<AcditCondition> conditions) {
            return run(x, t, conditions);
        }

        @Override
        public List<NDArray> predictBranches(NDArray x, NDArray t, List<List<AcditCondition>> branches) {
            // One batch of n·B noisy items; the clean context (batch B) is shared by every branch.
            return Denoiser.inOneBatch(x, t, branches, this::run);
        }

        private NDArray run(NDArray x, NDArray t, List<AcditCondition> conditions) {
            NDManager owner = x.getManager();
            int tpb = network.layout().tokensPerBlock();
            int first = (block - windowStart) * tpb;
            NDArray times = t.reshape(t.getShape().get(0), 1);
            if (block == windowStart) {
                return network.forward(AcditNetwork.Inputs.noisyOnly(x, first, times, conditions), stepCache).noise();
            }
            boolean slid = windowStart > 0;
            if (mode == ContextMode.RECOMPUTE || (slid && !contextCached)) {
                // The whole window as clean context from position 0, causal over its blocks.
                NDArray clean = cleanTokens(owner, windowStart, block);
                NDArray bias = SkipCausalBias.of(owner, block - windowStart, tpb).cleanRows();
                AcditNetwork.Result result = network.forward(
                        new AcditNetwork.Inputs(x, first, times, conditions, clean, 0, null, bias, null), stepCache);
                if (mode == ContextMode.KV_CACHE) {
                    // The window moved, so every position in it moved: its keys and values replace the cache.
                    cache.replace(result.cleanKv(), block - windowStart);
                    contextCached = true;
                }
                return result.noise();
            }
            if (!contextCached) {
                // Kept blocks run no step of their own, so finished blocks may be waiting for the cache:
                // each goes in as it would have at the next block's first step (the noisy output is unused).
                for (int waiting = cache.blocks(); waiting < block - 1; waiting++) {
                    NDArray clean = cleanTokens(owner, waiting, waiting + 1);
                    cache.append(network.forward(new AcditNetwork.Inputs(x, first, times, conditions, clean,
                            waiting * tpb, cache.layers(), null, null)).cleanKv());
                }
                NDArray clean = cleanTokens(owner, block - 1, block);
                AcditNetwork.Result result = network.forward(new AcditNetwork.Inputs(x, first, times, conditions,
                        clean, first - tpb, cache.layers(), null, null), stepCache);
                cache.append(result.cleanKv());
                contextCached = true;
                return result.noise();
            }
            // Later steps: only the noisy block, over the cache repeated once per guidance branch.
            int branches = Math.toIntExact(x.getShape().get(0) / tokens.length);
            return network.forward(new AcditNetwork.Inputs(x, first, times, conditions, null, 0,
                    cache.repeated(branches), null, null), stepCache).noise();
        }

        /** Finished blocks {@code from .. to-1} of every item, [B, (to-from)·T, P], on {@code owner}. */
        private NDArray cleanTokens(NDManager owner, int from, int to) {
            int tpb = network.layout().tokensPerBlock();
            int blockFloats = tpb * network.config().patchFloats();
            int span = (to - from) * blockFloats;
            float[] data = new float[tokens.length * span];
            for (int i = 0; i < tokens.length; i++) {
                System.arraycopy(tokens[i], from * blockFloats, data, i * span, span);
            }
            return owner.create(data, new Shape(tokens.length, (long) (to - from) * tpb, network.config().patchFloats()));
        }
    }
}
