package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.bench.AcditBenchmarks;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.nn.ParameterStore;
import dev.tessera.generation.text.PromptEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Timings of a U-Net or an ensemble of them: sampling (DPM-Solver++(2M), guidance branches batched) and one
 * training step (forward and backward through the predictor, gradients for the trainable parameters only, no
 * optimizer). Speed does not depend on the weights, so these run on fresh models of the architecture; medians
 * of {@code rounds} timed calls after one warm-up.
 */
public final class UnetBenchmarks {

    /** Median seconds of one call, and per image. */
    public record Timing(int batch, double secondsPerCall) {
        public double secondsPerImage() {
            return secondsPerCall / batch;
        }
    }

    private final UnetPredictor model;
    private final NDManager home;
    private final ParameterStore trainable;
    private final AcditCondition condition;
    private final CancellationToken cancellation;

    public UnetBenchmarks(UnetModel model, CancellationToken cancellation) {
        this(model.network(), model.parameters(), cancellation);
    }

    /**
     * Times {@code model}, whose training step trains {@code trainable} (all of a U-Net's parameters, or an
     * ensemble's aggregator); each call's arrays live on a sub-manager of the trainable store's manager.
     */
    public UnetBenchmarks(UnetPredictor model, ParameterStore trainable, CancellationToken cancellation) {
        this.model = model;
        this.home = trainable.manager();
        this.trainable = trainable;
        this.cancellation = cancellation;
        EmojiStyle style = model.config().styles().get(0);
        this.condition = AcditCondition.of(PromptEncoder.shared().encode("grinning face"), style);
    }

    /** Generating {@code batch} images in {@code steps} steps under {@code guidance}. */
    public Timing sampling(int batch, int steps, AcditGuidance guidance, int rounds) {
        UnetSampler sampler = new UnetSampler(model, home, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()));
        long[] seeds = new long[batch];
        Arrays.setAll(seeds, i -> 100 + i);
        List<AcditCondition> conditions = new ArrayList<>(Collections.nCopies(batch, condition));
        SamplingOptions options = SamplingOptions.steps(steps).withCancellation(cancellation);
        return new Timing(batch, medianSeconds(rounds, () -> sampler.sample(conditions, seeds, guidance, options)));
    }

    /** One training step's forward and backward pass over {@code batch} random images. */
    public Timing trainingStep(int batch, int rounds) {
        UnetConfig config = model.config();
        TrainingExamples examples = new TrainingExamples() {
            @Override
            public int size() {
                return batch;
            }

            @Override
            public void copyPixels(int index, float[] target, int offset) {
                Arrays.fill(target, offset, offset + config.imageFloats(), 0.25f);
            }

            @Override
            public AcditCondition condition(int index, SplittableRandom random) {
                return condition;
            }
        };
        UnetLoss loss = new UnetLoss(model, examples, LinearNoiseSchedule.ddpm(), batch, null);
        int[] items = new int[batch];
        Arrays.setAll(items, i -> i);
        trainable.asMap().values().forEach(p -> p.setRequiresGradient(true));
        try {
            return new Timing(batch, medianSeconds(rounds, () -> {
                try (NDManager step = home.newSubManager();
                        GradientCollector collector = OfflineEngine.engine().newGradientCollector()) {
                    UnetBatch drawn = UnetBatch.draw(examples, items, config.imageSize(), 1000, 0.1,
                            new SplittableRandom(1));
                    NDArray value = loss.weightedLoss(step, drawn);
                    collector.backward(value);
                }
            }));
        } finally {
            trainable.asMap().values().forEach(p -> p.setRequiresGradient(false));
        }
    }

    private double medianSeconds(int rounds, Runnable call) {
        call.run(); // warm-up
        double[] seconds = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            cancellation.throwIfCancelled(r, rounds);
            long start = System.nanoTime();
            call.run();
            seconds[r] = (System.nanoTime() - start) / 1e9;
        }
        return AcditBenchmarks.median(seconds);
    }
}
