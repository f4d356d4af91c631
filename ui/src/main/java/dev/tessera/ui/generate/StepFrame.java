package dev.tessera.ui.generate;

import java.util.List;

/**
 * The pictures after one denoising step (or the final pictures), one per image of the render,
 * kept so the step scrubber can show the render at any point.
 *
 * @param block zero-based block, or -1 for the final pictures
 */
public record StepFrame(int block, int blockCount, int step, int stepsPerBlock, List<float[]> images) {

    public static StepFrame finalPictures(List<float[]> images) {
        return new StepFrame(-1, 0, 0, 0, images);
    }

    public boolean isFinal() {
        return block < 0;
    }

    public String describe() {
        return isFinal() ? "Final image"
                : "Block " + (block + 1) + " of " + blockCount + ", step " + (step + 1) + " of " + stepsPerBlock;
    }
}
