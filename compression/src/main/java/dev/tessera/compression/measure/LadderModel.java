package dev.tessera.compression.measure;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetSampler;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.sampling.AcditSampler;
import dev.tessera.generation.bench.AcditBenchmarks;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.eval.ModelImages;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.text.PromptEncoder;
import java.nio.file.Path;
import java.util.List;

/**
 * A model of the compression ladder as one INT4 runtime holds it, ACDiT or U-Net expert: its weights in
 * memory, the evaluation images it renders (DPM-Solver++(2M)) and the seconds of one image. Closing it frees
 * the weights.
 */
public sealed interface LadderModel extends AutoCloseable permits LadderModel.Acdit, LadderModel.Unet {

    /** Bytes the weights take in memory (INT4 kept packed in {@link Int4Runtime#DEQUANTIZE_PER_LAYER}). */
    long weightBytes();

    /** The images of {@code prompts} from their own seeds, clamped to the pixel range. */
    ImageSet render(List<EvalPrompt> prompts, int steps, AcditGuidance guidance, CancellationToken cancellation);

    /** Wall seconds of one image (batch 1) of a fixed prompt and seed. */
    double secondsOfOneImage(int steps, AcditGuidance guidance, CancellationToken cancellation);

    @Override
    void close();

    /** Loads an ACDiT or U-Net model file (by the kind its header names) in {@code runtime}. */
    static LadderModel load(Path file, NDManager manager, Int4Runtime runtime) throws ModelFileException {
        String kind = SafetensorsReader.readMetadata(file).get("tessera.model");
        return UnetModel.KIND.equals(kind) ? new Unet(UnetModel.load(file, manager, runtime))
                : new Acdit(AcditModel.load(file, manager, runtime));
    }

    /** An ACDiT model; {@code steps} are a block's, images sampled with the KV cache. */
    final class Acdit implements LadderModel {
        private final AcditModel model;
        private AcditBenchmarks bench;

        public Acdit(AcditModel model) {
            this.model = model;
        }

        public AcditModel model() {
            return model;
        }

        @Override
        public long weightBytes() {
            return model.parameters().byteCount();
        }

        @Override
        public ImageSet render(List<EvalPrompt> prompts, int steps, AcditGuidance guidance, CancellationToken cancellation) {
            return ModelImages.generate(model, prompts, steps, guidance, SamplerKind.DPM_SOLVER_PP_2M, cancellation).clamped();
        }

        @Override
        public double secondsOfOneImage(int steps, AcditGuidance guidance, CancellationToken cancellation) {
            bench = bench != null ? bench : new AcditBenchmarks(model, cancellation);
            return bench.time(AcditSampler.ContextMode.KV_CACHE, 1, steps, guidance);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** A U-Net expert: one block, the whole image, so {@code steps} are the image's. */
    final class Unet implements LadderModel {
        private static final String TIMED_PROMPT = "grinning face";
        private final UnetModel model;
        private final UnetSampler sampler;

        public Unet(UnetModel model) {
            this.model = model;
            this.sampler = new UnetSampler(model, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()));
        }

        @Override
        public long weightBytes() {
            return model.parameters().byteCount();
        }

        @Override
        public ImageSet render(List<EvalPrompt> prompts, int steps, AcditGuidance guidance, CancellationToken cancellation) {
            return ModelImages.generate(model.config().imageSize(),
                    (conditions, seeds, options) -> sampler.sample(conditions, seeds, guidance, options), prompts,
                    SamplingOptions.steps(steps).withCancellation(cancellation)).clamped();
        }

        @Override
        public double secondsOfOneImage(int steps, AcditGuidance guidance, CancellationToken cancellation) {
            EmojiStyle style = model.config().styles().get(0);
            List<AcditCondition> condition = List.of(AcditCondition.of(PromptEncoder.shared().encode(TIMED_PROMPT), style));
            long start = System.nanoTime();
            sampler.sample(condition, new long[] {100}, guidance, SamplingOptions.steps(steps).withCancellation(cancellation));
            return (System.nanoTime() - start) / 1e9;
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
