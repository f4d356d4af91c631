package dev.tessera.generation.judge;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.metrics.PromptAccuracy;
import dev.tessera.generation.metrics.Proportion;
import dev.tessera.generation.metrics.StyleAccuracy;
import java.util.SplittableRandom;

/**
 * The judge's honesty figures: how often it names the emoji, subcategory and style of real images,
 * clean or as freshly augmented copies it never saw in training.
 */
public final class JudgeValidation {

    /** Accuracies of the three heads on one image set. */
    public record Accuracy(int images, PromptAccuracy heads, Proportion style) {}

    private JudgeValidation() {}

    /**
     * Measures {@code judge} on the items {@code indices} of {@code data}; with an augmenter each
     * image is replaced by an augmented copy drawn from {@code seed} (a seed training never used).
     */
    public static Accuracy measure(JudgeModel judge, EmojiDataset data, int[] indices, ImageAugmenter augmenter,
            long seed) {
        int perImage = data.floatsPerImage();
        float[] pixels = new float[indices.length * perImage];
        float[] image = new float[perImage];
        for (int k = 0; k < indices.length; k++) {
            data.copyPixels(indices[k], image, 0);
            float[] used = augmenter == null ? image
                    : augmenter.augment(image, data.imageSize(), new SplittableRandom(seed * 1_000_003L + indices[k]));
            System.arraycopy(used, 0, pixels, k * perImage, perImage);
        }
        JudgeVerdicts verdicts = new JudgeRunner(judge).judge(pixels, indices.length);
        JudgeVocabulary.Labels all = judge.vocabulary().labelsOf(data);
        int[] identity = new int[indices.length];
        int[] subcategory = new int[indices.length];
        int[] style = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            identity[k] = all.identity()[indices[k]];
            subcategory[k] = all.subcategory()[indices[k]];
            style[k] = all.style()[indices[k]];
        }
        return new Accuracy(indices.length,
                PromptAccuracy.evaluate(verdicts.identityLogits(), identity, verdicts.subcategoryLogits(), subcategory),
                StyleAccuracy.fromLogits(verdicts.styleLogits(), style));
    }
}
