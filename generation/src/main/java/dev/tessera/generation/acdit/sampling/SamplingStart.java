package dev.tessera.generation.acdit.sampling;

import dev.tessera.generation.diffusion.Sampler;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What block-wise sampling starts from: pure noise (text to image), or a source image (image to
 * image) that is noised part-way (SDEdit) and whose chosen blocks are kept as they are.
 */
public sealed interface SamplingStart {

    /** Text to image: every block starts from its seed's noise and runs every step. */
    SamplingStart NOISE = new Noise();

    record Noise() implements SamplingStart {}

    /**
     * Image to image.
     *
     * @param image      the source, CHW floats in [-1, 1] of the model's size; shared by every item
     * @param strength   the fraction of each block's step grid that is run again, in (0, 1]: the source
     *                   is noised to the level where those steps start (SDEdit). 1 starts from pure
     *                   noise, exactly as text to image does
     * @param keptBlocks block indices (in the model's generation order) copied from the source and
     *                   never denoised; they enter the KV cache as clean context, as a generated block
     *                   does. Sorted, no duplicates; may be empty
     */
    record FromImage(float[] image, double strength, List<Integer> keptBlocks) implements SamplingStart {

        public FromImage {
            Objects.requireNonNull(image, "image");
            if (!(strength > 0 && strength <= 1)) {
                throw new IllegalArgumentException("strength must be in (0, 1] (the fraction of the steps run again),"
                        + " got " + strength);
            }
            for (int block : keptBlocks) {
                if (block < 0) {
                    throw new IllegalArgumentException("block indices start at 0, got " + block);
                }
            }
            keptBlocks = List.copyOf(new TreeSet<>(keptBlocks));
        }

        public boolean keeps(int block) {
            return keptBlocks.contains(block);
        }

        /**
         * The step of a {@code steps}-step grid where re-running starts: {@code steps - round(strength·steps)},
         * at least one step is always run. 0 means every step, from pure noise.
         */
        public int firstStep(int steps) {
            int rerun = Math.max(1, (int) Math.round(strength * steps));
            return steps - Math.min(steps, rerun);
        }

        /** Checks the kept blocks against a model of {@code blockCount} blocks, with a message naming the index. */
        void checkBlocks(int blockCount) {
            for (int block : keptBlocks) {
                if (block >= blockCount) {
                    throw new IllegalArgumentException("block " + block + " is out of range: the model has "
                            + blockCount + " blocks (0-" + (blockCount - 1) + ")");
                }
            }
        }

        /** Where SDEdit enters the grid: the noise level of {@link #firstStep}, as {@code sampler} spaces it. */
        dev.tessera.generation.diffusion.NoiseLevel startLevel(Sampler sampler, int steps) {
            return sampler.spacing().levels(sampler.schedule(), steps).get(firstStep(steps));
        }
    }
}
