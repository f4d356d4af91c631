package dev.tessera.app.generate;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetPredictor;
import dev.tessera.ensemble.unet.UnetSampler;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.diffusion.StepProgress;
import dev.tessera.generation.text.PromptEmbedding;
import dev.tessera.generation.text.PromptEncoder;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The app-facing "generate" entry point for a U-Net or an AFA ensemble: validates a request, encodes the
 * prompt and runs {@link UnetSampler} over the whole image. The image is one block, so a listener hears every
 * step as a step of block 0 of 1. Returns CHW float images in [-1, 1].
 */
public final class UnetGenerator {

    private final UnetPredictor model;
    private final NDManager home;
    private final Function<String, PromptEmbedding> encoder;

    /** Samples {@code model}, each job on a sub-manager of {@code home}. */
    public UnetGenerator(UnetPredictor model, NDManager home) {
        this.model = model;
        this.home = home;
        this.encoder = prompt -> PromptEncoder.shared().encode(prompt);
    }

    /**
     * @throws IllegalArgumentException for a style the model does not know, or a negative prompt (not supported)
     * @throws dev.tessera.generation.diffusion.SamplingCancelledException when cancelled (no output)
     */
    public List<float[]> generate(GenerationRequest request, BlockListener listener, CancellationToken cancellation) {
        if (!request.negativePrompt().isEmpty()) {
            throw new IllegalArgumentException("U-Net and ensemble models take no negative prompt yet; leave it empty");
        }
        if (request.speed().stepCache() != 0) {
            throw new IllegalArgumentException("step caching is for ACDiT models; a U-Net runs every layer (set it to 0)");
        }
        // One block, the whole image: a step schedule's first entry, which request.steps() is, gives its steps.
        EmojiStyle style = AcditGenerator.styleOf(request.style(), model.config().styles());
        AcditCondition condition = AcditCondition.of(encoder.apply(request.prompt()), style);
        long[] seeds = new long[request.count()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = request.seedOf(i);
        }
        UnetSampler sampler = new UnetSampler(model, home, request.sampler().create(LinearNoiseSchedule.ddpm()));
        SamplingOptions options = SamplingOptions.steps(request.steps()).withCancellation(cancellation)
                .withListener(progress -> listener.onStep(new BlockListener.BlockStep(0, 1, progress.stepIndex(),
                        progress.totalSteps(), progress.timestep(), previews(progress, listener, seeds.length))));
        List<float[]> images = sampler.sample(Collections.nCopies(seeds.length, condition), seeds,
                request.samplingGuidance(), options);
        listener.onBlockDone(new BlockListener.BlockDone(0, 1, images));
        return images;
    }

    /** The step's x0 estimate, one CHW image per item, when the listener wants previews. */
    private static List<float[]> previews(StepProgress progress, BlockListener listener, int items) {
        if (!listener.wantsPreviews()) {
            return List.of();
        }
        return UnetSampler.perImage(progress.predictedX0().toFloatArray(), items);
    }
}
