package dev.tessera.generation.acdit.sampling;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.PatchTokens;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.diffusion.NoiseLevel;
import dev.tessera.generation.diffusion.Sampler;

/**
 * A {@link SamplingStart} in the sampler's terms: the source image as tokens in block order, which
 * blocks are kept, and where each generated block enters its step grid.
 */
final class SourceBlocks {

    private final SamplingStart.FromImage fromImage;
    private final float[] tokens;
    private final int blockFloats;

    private SourceBlocks(SamplingStart.FromImage fromImage, float[] tokens, int blockFloats) {
        this.fromImage = fromImage;
        this.tokens = tokens;
        this.blockFloats = blockFloats;
    }

    /** Checks {@code start} against the model; text to image gives a source that keeps nothing. */
    static SourceBlocks of(SamplingStart start, PatchTokens clip, AcditConfig config) {
        if (!(start instanceof SamplingStart.FromImage image)) {
            return new SourceBlocks(null, null, clip.floatsPerBlock());
        }
        if (config.isVideo() && image.image().length != clip.floatsPerImage()) {
            throw new IllegalArgumentException("a video model's source is a clip of the frames asked for ("
                    + clip.layout().frames() + "), " + clip.floatsPerImage() + " floats; got " + image.image().length);
        }
        if (image.image().length != clip.floatsPerImage()) {
            throw new IllegalArgumentException("the source image has " + image.image().length
                    + " floats; the model's " + config.imageSize() + "x" + config.imageSize() + " RGB images have "
                    + clip.floatsPerImage());
        }
        image.checkBlocks(clip.layout().blockCount());
        float[] tokens = new float[clip.floatsPerImage()];
        clip.toTokens(image.image(), 0, tokens, 0);
        return new SourceBlocks(image, tokens, clip.floatsPerBlock());
    }

    boolean keeps(int block) {
        return fromImage != null && fromImage.keeps(block);
    }

    /** Writes the source's block into an item's tokens. */
    void copyBlock(int block, float[] itemTokens) {
        System.arraycopy(tokens, block * blockFloats, itemTokens, block * blockFloats, blockFloats);
    }

    int firstStep(int steps) {
        return fromImage == null ? 0 : fromImage.firstStep(steps);
    }

    /**
     * The sampler's input for {@code block}: the noise itself from step 0 (at the noisiest level the
     * solvers treat their input as pure noise), else {@code alpha·source + sigma·noise} at the level
     * of the first step, on the noise's manager.
     */
    NDArray startOf(int block, NDArray noise, Sampler sampler, int steps) {
        if (firstStep(steps) == 0) {
            return noise;
        }
        NoiseLevel level = fromImage.startLevel(sampler, steps);
        NDManager owner = noise.getManager();
        float[] sourceBlock = new float[blockFloats];
        System.arraycopy(tokens, block * blockFloats, sourceBlock, 0, blockFloats);
        Shape one = new Shape(1).addAll(noise.getShape().slice(1));
        NDArray signal = owner.create(sourceBlock, one).mul((float) level.alpha());
        // The noise first, so the sum lands on its manager; the source broadcasts over the items.
        return noise.mul((float) level.sigma()).add(signal);
    }
}
