package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.ClassifierFreeGuidance;
import dev.tessera.generation.diffusion.ContrastGuidance;
import dev.tessera.generation.diffusion.Denoiser;
import dev.tessera.generation.diffusion.NoisePredictor;
import dev.tessera.generation.diffusion.Sampler;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.random.NoiseSource;
import dev.tessera.generation.random.NoiseStream;
import dev.tessera.generation.random.NoiseTensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Samples images from a U-Net with the shared diffusion core: one run of the diffusion sampler over the whole
 * image, the model wrapped in {@link ClassifierFreeGuidance} and {@link ContrastGuidance} (the same prompt in
 * the model's other style), every guidance branch evaluated as one batch. Image i starts from
 * {@code NoiseSource.of(seeds[i]).stream(0)}, so image i of a batch equals image i generated alone, and the
 * same seed gives the same pixels. Everything lives on a sub-manager of the model's manager that is closed
 * before returning, also on cancellation.
 */
public final class UnetSampler {

    /** Training images are scaled to [-1, 1]: every x0 estimate is bounded there. */
    static final double PIXEL_BOUND = 1.0;

    private final UnetPredictor model;
    private final NDManager home;
    private final Sampler sampler;

    public UnetSampler(UnetModel model, Sampler sampler) {
        this(model.network(), model.parameters().manager(), sampler);
    }

    /**
     * Samples any U-Net predictor (an ensemble, an average of experts); each job's arrays live on a sub-manager
     * of {@code home}, closed before the job returns.
     */
    public UnetSampler(UnetPredictor model, NDManager home, Sampler sampler) {
        this.model = model;
        this.home = home;
        this.sampler = sampler;
    }

    /**
     * One CHW image in [-1, 1] (not clamped) per condition.
     *
     * @throws dev.tessera.generation.diffusion.SamplingCancelledException when cancelled; nothing is returned
     */
    public List<float[]> sample(List<AcditCondition> conditions, long[] seeds, AcditGuidance guidance,
            SamplingOptions options) {
        if (conditions.isEmpty() || conditions.size() != seeds.length) {
            throw new IllegalArgumentException("need one seed per condition, got " + seeds.length + " and "
                    + conditions.size());
        }
        UnetConfig config = model.config();
        int items = conditions.size();
        List<AcditCondition> nulls = Collections.nCopies(items, AcditCondition.NONE);
        double styleStrength = config.styles().size() > 1 ? guidance.styleStrength() : 0;
        List<AcditCondition> contrasts = styleStrength == 0 ? nulls
                : conditions.stream().map(c -> c.inOtherStyle(config.styles())).toList();
        NoisePredictor predictor = new ContrastGuidance<>(
                new ClassifierFreeGuidance<>(new BatchedDenoiser(model), conditions, nulls, guidance.scale()),
                contrasts, styleStrength);
        List<NoiseStream> streams = new ArrayList<>(items);
        for (long seed : seeds) {
            streams.add(NoiseSource.of(seed).stream(0));
        }
        Shape image = new Shape(UnetConfig.CHANNELS, config.imageSize(), config.imageSize());
        try (NDManager job = home.newSubManager()) {
            job.setName("unet-sampling");
            NDArray noise = NoiseTensors.gaussianBatch(job, image, streams);
            return perImage(sampler.sample(predictor, noise, options.withX0Bound(PIXEL_BOUND)).toFloatArray(), items);
        }
    }

    /** A batch's floats [items × …] split into one array per item. */
    public static List<float[]> perImage(float[] batch, int items) {
        int floats = batch.length / items;
        List<float[]> images = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            float[] one = new float[floats];
            System.arraycopy(batch, i * floats, one, 0, floats);
            images.add(one);
        }
        return images;
    }

    /** The network as a {@link Denoiser} whose guidance branches run as one batch. */
    private record BatchedDenoiser(UnetPredictor network) implements Denoiser<List<AcditCondition>> {

        @Override
        public NDArray predictNoise(NDArray x, NDArray t, List<AcditCondition> conditions) {
            return network.forward(x, t, conditions);
        }

        @Override
        public List<NDArray> predictBranches(NDArray x, NDArray t, List<List<AcditCondition>> branches) {
            return Denoiser.inOneBatch(x, t, branches, this);
        }
    }
}
