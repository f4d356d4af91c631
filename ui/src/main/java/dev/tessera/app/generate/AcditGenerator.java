package dev.tessera.app.generate;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditSampler;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.acdit.sampling.ClipSpan;
import dev.tessera.generation.acdit.sampling.SamplingStart;

import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.text.PromptEmbedding;
import dev.tessera.generation.text.PromptEncoder;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The app-facing "generate" entry point for an ACDiT model: validates a request, encodes the prompt
 * and runs the KV-cached block sampler. Returns CHW float images in [-1, 1]; {@link dev.tessera.generation.image.ChwImages} turns
 * one into an RGB picture.
 */
public final class AcditGenerator {

    private final AcditModel model;
    private final Function<String, PromptEmbedding> encoder;

    public AcditGenerator(AcditModel model) {
        this(model, prompt -> PromptEncoder.shared().encode(prompt));
    }

    /** With a custom prompt encoder (tests, or an encoder shared with other models). */
    public AcditGenerator(AcditModel model, Function<String, PromptEmbedding> encoder) {
        this.model = model;
        this.encoder = encoder;
    }

    /**
     * @throws IllegalArgumentException for an unknown style, a style the model was not trained on or an invalid prompt
     * @throws dev.tessera.generation.diffusion.SamplingCancelledException when cancelled (no output)
     */
    public List<float[]> generate(GenerationRequest request, BlockListener listener, CancellationToken cancellation) {
        if (model.config().isVideo()) {
            throw new IllegalArgumentException("this is a video model: it makes clips of " + model.config().frames()
                    + " frames, not images (ask for a clip: --video)");
        }
        return sample(request, listener, cancellation, ClipSpan.trainedLength(model.config()));
    }

    /**
     * One clip per seed of {@code request}, {@code span.frames()} frames each, as CHW frames in [-1, 1] one
     * after another.
     *
     * @throws IllegalArgumentException for an image model, or a span the model cannot make (see {@link ClipSpan})
     */
    public List<float[]> generateClips(GenerationRequest request, ClipSpan span, BlockListener listener,
            CancellationToken cancellation) {
        return generateClips(request, span, listener, cancellation, null);
    }

    /** As {@link #generateClips(GenerationRequest, ClipSpan, BlockListener, CancellationToken)}, from {@code start} (null: noise). */
    public List<float[]> generateClips(GenerationRequest request, ClipSpan span, BlockListener listener,
            CancellationToken cancellation, SamplingStart start) {
        if (!model.config().isVideo()) {
            throw new IllegalArgumentException("this is an image model: it cannot make a clip (leave out --video)");
        }
        return sample(request, listener, cancellation, span.checkFor(model.config()), start);
    }

    private List<float[]> sample(GenerationRequest request, BlockListener listener, CancellationToken cancellation,
            ClipSpan span) {
        return sample(request, listener, cancellation, span, null);
    }

    private List<float[]> sample(GenerationRequest request, BlockListener listener, CancellationToken cancellation,
            ClipSpan span, SamplingStart given) {
        EmojiStyle style = styleOf(request.style(), model.config().styles());
        AcditCondition condition = AcditCondition.of(encoder.apply(request.prompt()), style);
        // A negative prompt takes the unconditional branch's place (with the request's style); none keeps it.
        AcditCondition negative = request.negativePrompt().isEmpty() ? AcditCondition.NONE
                : AcditCondition.of(encoder.apply(request.negativePrompt()), style);
        long[] seeds = new long[request.count()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = request.seedOf(i);
        }
        AcditSampler sampler = new AcditSampler(model, request.sampler().create(LinearNoiseSchedule.ddpm()),
                AcditSampler.ContextMode.KV_CACHE).withSchedule(request.speed().schedule())
                .withStepCache(request.speed().stepCache());
        SamplingOptions options = SamplingOptions.steps(request.steps()).withCancellation(cancellation);
        // Image to image reads (and checks) the source picture only now, at render time.
        SamplingStart start = given != null ? given : request.init() == null ? SamplingStart.NOISE
                : request.init().samplingStart(model.config().imageSize());
        return sampler.sample(Collections.nCopies(seeds.length, condition), Collections.nCopies(seeds.length, negative),
                seeds, request.samplingGuidance(), options, listener, span, start);
    }

    /** The style {@code id} names, once checked to be one of the model's {@code styles}. */
    static EmojiStyle styleOf(String id, List<EmojiStyle> styles) {
        EmojiStyle style = EmojiStyle.parse(id);
        if (!styles.contains(style)) {
            throw new IllegalArgumentException("this model was trained on styles " + styles + ", not " + style);
        }
        return style;
    }
}
