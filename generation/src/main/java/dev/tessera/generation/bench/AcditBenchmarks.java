package dev.tessera.generation.bench;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditSampler;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.acdit.sampling.ClipSpan;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.text.PromptEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Timings of ACDiT sampling. Speed does not depend on the weights, so these run on any model of the
 * right shape; the two arms of a comparison are interleaved in one process and medians reported.
 * Every timing throws {@link dev.tessera.generation.diffusion.SamplingCancelledException} between
 * sampler steps once the cancellation token is cancelled.
 */
public final class AcditBenchmarks {

    /** Median seconds of the two arms and their ratio. */
    public record Comparison(double cachedSeconds, double recomputeSeconds) {
        public double speedup() {
            return recomputeSeconds / cachedSeconds;
        }
    }

    /** Median seconds per call and images per second. */
    public record Throughput(int batch, int stepsPerBlock, double secondsPerCall, double imagesPerSecond) {}

    private final AcditModel model;
    private final AcditCondition condition;
    private final CancellationToken cancellation;

    private final dev.tessera.generation.acdit.sampling.StepSchedule schedule; // null: uniform steps
    private final double stepCache;

    public AcditBenchmarks(AcditModel model, CancellationToken cancellation) {
        this(model, cancellation, AcditCondition.of(PromptEncoder.shared().encode("grinning face"),
                model.config().styles().get(0)), null, 0);
    }

    private AcditBenchmarks(AcditModel model, CancellationToken cancellation, AcditCondition condition,
            dev.tessera.generation.acdit.sampling.StepSchedule schedule, double stepCache) {
        this.model = model;
        this.cancellation = cancellation;
        this.condition = condition;
        this.schedule = schedule;
        this.stepCache = stepCache;
    }

    /** These timings with a step schedule per block position (null: the steps given) and step caching (0: off). */
    public AcditBenchmarks with(dev.tessera.generation.acdit.sampling.StepSchedule steps, double cacheThreshold) {
        return new AcditBenchmarks(model, cancellation, condition, steps, cacheThreshold);
    }

    /** KV cache against recomputing the prefix every step, interleaved, {@code rounds} times each. */
    public Comparison cacheVersusRecompute(int stepsPerBlock, AcditGuidance guidance, int rounds) {
        double[] cached = new double[rounds];
        double[] recompute = new double[rounds];
        time(AcditSampler.ContextMode.KV_CACHE, 1, stepsPerBlock, guidance); // warm-up
        for (int r = 0; r < rounds; r++) {
            cached[r] = time(AcditSampler.ContextMode.KV_CACHE, 1, stepsPerBlock, guidance);
            recompute[r] = time(AcditSampler.ContextMode.RECOMPUTE, 1, stepsPerBlock, guidance);
        }
        return new Comparison(median(cached), median(recompute));
    }

    public Throughput throughput(int batch, int stepsPerBlock, AcditGuidance guidance, int rounds) {
        double[] seconds = new double[rounds];
        time(AcditSampler.ContextMode.KV_CACHE, batch, stepsPerBlock, guidance);
        for (int r = 0; r < rounds; r++) {
            seconds[r] = time(AcditSampler.ContextMode.KV_CACHE, batch, stepsPerBlock, guidance);
        }
        double median = median(seconds);
        return new Throughput(batch, stepsPerBlock, median, batch / median);
    }

    /** One generation of {@code batch} images; returns wall seconds. */
    public double time(AcditSampler.ContextMode mode, int batch, int stepsPerBlock, AcditGuidance guidance) {
        return time(mode, batch, stepsPerBlock, guidance, ClipSpan.trainedLength(model.config()));
    }

    /** One generation of {@code batch} clips of {@code span} (images: the one-frame span); returns wall seconds. */
    public double time(AcditSampler.ContextMode mode, int batch, int stepsPerBlock, AcditGuidance guidance,
            ClipSpan span) {
        AcditSampler sampler = new AcditSampler(model, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()), mode)
                .withSchedule(schedule).withStepCache(stepCache);
        long[] seeds = new long[batch];
        Arrays.setAll(seeds, i -> 100 + i);
        List<AcditCondition> conditions = new ArrayList<>(Collections.nCopies(batch, condition));
        long start = System.nanoTime();
        sampler.sample(conditions, seeds, guidance, SamplingOptions.steps(stepsPerBlock).withCancellation(cancellation),
                BlockListener.NONE, span);
        return (System.nanoTime() - start) / 1e9;
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
