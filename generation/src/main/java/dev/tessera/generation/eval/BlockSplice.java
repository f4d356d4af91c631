package dev.tessera.generation.eval;

import dev.tessera.generation.acdit.model.BlockLayout;
import dev.tessera.generation.acdit.model.PatchTokens;
import java.util.List;

/**
 * Image sets put together block by block: the control of the kept-blocks measurement (kept blocks
 * from one set, the rest from images generated without them), and the distance of the generated
 * blocks alone from the real ones.
 */
public final class BlockSplice {

    private BlockSplice() {}

    /** Image i: {@code blocks} of {@code from}'s image i, every other block of {@code rest}'s image i. */
    public static ImageSet splice(ImageSet from, ImageSet rest, BlockLayout layout, List<Integer> blocks) {
        PatchTokens patches = new PatchTokens(layout);
        int perImage = patches.floatsPerImage();
        int perBlock = patches.floatsPerBlock();
        float[] pixels = new float[rest.count() * perImage];
        float[] kept = new float[perImage];
        float[] mixed = new float[perImage];
        for (int i = 0; i < rest.count(); i++) {
            patches.toTokens(from.pixels(), i * perImage, kept, 0);
            patches.toTokens(rest.pixels(), i * perImage, mixed, 0);
            for (int block : blocks) {
                System.arraycopy(kept, block * perBlock, mixed, block * perBlock, perBlock);
            }
            System.arraycopy(patches.toImage(mixed), 0, pixels, i * perImage, perImage);
        }
        return new ImageSet(pixels, rest.size(), rest.prompts());
    }

    /**
     * Mean absolute pixel difference (in 8-bit levels, images clamped to [-1, 1]) between the two sets over
     * the blocks not in {@code except}: how far the generated blocks are from the real ones.
     */
    public static double meanLevelDistance(ImageSet a, ImageSet b, BlockLayout layout, List<Integer> except) {
        PatchTokens patches = new PatchTokens(layout);
        int perImage = patches.floatsPerImage();
        int perBlock = patches.floatsPerBlock();
        float[] ta = new float[perImage];
        float[] tb = new float[perImage];
        double sum = 0;
        long n = 0;
        for (int i = 0; i < a.count(); i++) {
            patches.toTokens(a.pixels(), i * perImage, ta, 0);
            patches.toTokens(b.pixels(), i * perImage, tb, 0);
            for (int block = 0; block < layout.blockCount(); block++) {
                if (except.contains(block)) {
                    continue;
                }
                for (int j = block * perBlock; j < (block + 1) * perBlock; j++) {
                    sum += Math.abs(clamp(ta[j]) - clamp(tb[j])) * 127.5;
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static float clamp(float v) {
        return Math.max(-1f, Math.min(1f, v));
    }
}
