package dev.tessera.generation.eval;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditSampler;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.acdit.sampling.ClipSpan;
import dev.tessera.generation.acdit.sampling.SamplingStart;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.text.PromptEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an evaluation prompt set with a model (ACDiT, or any {@link ConditionalSampler}): each prompt with its own seed and style,
 * several prompts per sampler call (each image draws only its own noise, so batching does not
 * change what is asked).
 */
public final class ModelImages {

    private static final int BATCH = 16;

    private ModelImages() {}

    /**
     * What the evaluation needs of a model: one CHW image in [-1, 1] per condition, image i drawn from
     * seed i alone (so batching does not change it).
     */
    @FunctionalInterface
    public interface ConditionalSampler {
        List<float[]> sample(List<AcditCondition> conditions, long[] seeds, SamplingOptions options);
    }

    /** @throws dev.tessera.generation.diffusion.SamplingCancelledException when {@code cancellation} is cancelled */
    public static ImageSet generate(AcditModel model, List<EvalPrompt> prompts, int stepsPerBlock, AcditGuidance guidance,
            SamplerKind samplerKind, CancellationToken cancellation) {
        AcditSampler sampler = new AcditSampler(model, samplerKind.create(LinearNoiseSchedule.ddpm()),
                AcditSampler.ContextMode.KV_CACHE);
        return generate(model.config().imageSize(), (conditions, seeds, options) ->
                sampler.sample(conditions, seeds, guidance, options, BlockListener.NONE),
                prompts, SamplingOptions.steps(stepsPerBlock).withCancellation(cancellation));
    }

    /**
     * {@link #generate(AcditModel, List, int, AcditGuidance, SamplerKind, CancellationToken)} with a step schedule
     * per block position and step caching at {@code stepCache} (0 = off).
     */
    public static ImageSet generate(AcditModel model, List<EvalPrompt> prompts, dev.tessera.generation.acdit.sampling.StepSchedule schedule,
            double stepCache, AcditGuidance guidance, SamplerKind samplerKind, CancellationToken cancellation) {
        AcditSampler sampler = new AcditSampler(model, samplerKind.create(LinearNoiseSchedule.ddpm()),
                AcditSampler.ContextMode.KV_CACHE).withSchedule(schedule).withStepCache(stepCache);
        return generate(model.config().imageSize(), (conditions, seeds, options) ->
                sampler.sample(conditions, seeds, guidance, options, BlockListener.NONE),
                prompts, SamplingOptions.steps(schedule.stepsFor(0)).withCancellation(cancellation));
    }

    /** @throws dev.tessera.generation.diffusion.SamplingCancelledException when the options' cancellation fires */
    public static ImageSet generate(int size, ConditionalSampler sampler, List<EvalPrompt> prompts,
            SamplingOptions options) {
        int perImage = 3 * size * size;
        float[] pixels = new float[prompts.size() * perImage];
        for (int start = 0; start < prompts.size(); start += BATCH) {
            List<EvalPrompt> batch = prompts.subList(start, Math.min(prompts.size(), start + BATCH));
            List<AcditCondition> conditions = new ArrayList<>();
            long[] seeds = new long[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                EvalPrompt p = batch.get(i);
                conditions.add(AcditCondition.of(PromptEncoder.shared().encode(p.prompt()), p.style()));
                seeds[i] = p.seed();
            }
            List<float[]> images = sampler.sample(conditions, seeds, options);
            for (int i = 0; i < images.size(); i++) {
                System.arraycopy(images.get(i), 0, pixels, (start + i) * perImage, perImage);
            }
        }
        return new ImageSet(pixels, size, prompts);
    }

    /**
     * Renders each prompt from its own source image (image i of {@code sources}), keeping {@code keptBlocks}
     * of it and re-running {@code strength} of every other block's steps. One sampler call per prompt, as the
     * start is one image per call; each image still draws only its own noise.
     *
     * @throws dev.tessera.generation.diffusion.SamplingCancelledException when {@code cancellation} is cancelled
     */
    public static ImageSet generateFrom(AcditModel model, List<EvalPrompt> prompts, ImageSet sources,
            List<Integer> keptBlocks, double strength, int stepsPerBlock, AcditGuidance guidance,
            SamplerKind samplerKind, CancellationToken cancellation) {
        if (sources.count() != prompts.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + sources.count() + " source images");
        }
        int size = model.config().imageSize();
        int perImage = 3 * size * size;
        float[] pixels = new float[prompts.size() * perImage];
        AcditSampler sampler = new AcditSampler(model, samplerKind.create(LinearNoiseSchedule.ddpm()),
                AcditSampler.ContextMode.KV_CACHE);
        for (int i = 0; i < prompts.size(); i++) {
            EvalPrompt p = prompts.get(i);
            AcditCondition condition = AcditCondition.of(PromptEncoder.shared().encode(p.prompt()), p.style());
            SamplingStart start = new SamplingStart.FromImage(sources.image(i), strength, keptBlocks);
            float[] image = sampler.sample(List.of(condition), List.of(AcditCondition.NONE), new long[] {p.seed()},
                    guidance, SamplingOptions.steps(stepsPerBlock).withCancellation(cancellation), BlockListener.NONE,
                    ClipSpan.trainedLength(model.config()), start).get(0);
            System.arraycopy(image, 0, pixels, i * perImage, perImage);
        }
        return new ImageSet(pixels, size, prompts);
    }
}
