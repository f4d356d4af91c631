package dev.tessera.generation.acdit.sampling;

import java.util.List;

/**
 * Hears about block-wise sampling on the sampling thread. Images are CHW floats in [-1, 1]: finished
 * blocks are final, the current block is the model's x0 estimate, later blocks are 0 (mid grey).
 */
public interface BlockListener {

    BlockListener NONE = new BlockListener() {
        @Override
        public boolean wantsPreviews() {
            return false;
        }
    };

    /** After every denoising step of every block. */
    default void onStep(BlockStep step) {}

    /** After every finished block. */
    default void onBlockDone(BlockDone done) {}

    /** Whether {@link BlockStep#preview()} should be built (a copy per step); every step is heard either way. */
    default boolean wantsPreviews() {
        return true;
    }

    /** @param preview one image per item, or empty when the listener {@linkplain #wantsPreviews() wants none} */
    /**
     * @param stepsPerBlock this block's steps (a step schedule gives blocks different numbers)
     * @param stepsBefore   steps of the whole image before this block
     * @param imageSteps    steps of the whole image
     */
    record BlockStep(int block, int blockCount, int step, int stepsPerBlock, double timestep, List<float[]> preview,
            int stepsBefore, int imageSteps) {

        /** Every block the same {@code stepsPerBlock} steps. */
        public BlockStep(int block, int blockCount, int step, int stepsPerBlock, double timestep, List<float[]> preview) {
            this(block, blockCount, step, stepsPerBlock, timestep, preview, block * stepsPerBlock, blockCount * stepsPerBlock);
        }

        /** Steps of the image done once this one is: for progress bars. */
        public int stepsDone() {
            return stepsBefore + step + 1;
        }
    }

    record BlockDone(int block, int blockCount, List<float[]> images) {}
}
