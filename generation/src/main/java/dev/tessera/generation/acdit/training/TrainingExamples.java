package dev.tessera.generation.acdit.training;

import dev.tessera.generation.acdit.model.AcditCondition;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.text.PromptEncoder;
import java.util.SplittableRandom;

/** Where ACDiT training draws images and conditions from; the dataset in production, fixed images in tests. */
public interface TrainingExamples {

    int size();

    /** Writes example {@code index} as CHW floats in [-1, 1] at {@code target[offset..]}. */
    void copyPixels(int index, float[] target, int offset);

    /** The (undropped) condition of example {@code index}; may vary per draw (e.g. one of several prompts). */
    AcditCondition condition(int index, SplittableRandom random);

    /** Each example's group for {@link dev.tessera.generation.train.BatchSampling#BALANCED} sampling; by default its own. */
    default int[] groups() {
        return java.util.stream.IntStream.range(0, size()).toArray();
    }

    /**
     * The given dataset images, each with a random one of its prompt texts (encoded, cached) and its style;
     * an image's group is its base emoji, shared by its skin-tone variants and its other styles.
     */
    static TrainingExamples of(EmojiDataset data, int[] indices, PromptEncoder encoder) {
        int[] chosen = indices.clone();
        int[] groups = data.baseEmojiGroups(chosen);
        return new TrainingExamples() {
            @Override
            public int[] groups() {
                return groups.clone();
            }

            @Override
            public int size() {
                return chosen.length;
            }

            @Override
            public void copyPixels(int index, float[] target, int offset) {
                data.copyPixels(chosen[index], target, offset);
            }

            @Override
            public AcditCondition condition(int index, SplittableRandom random) {
                int item = chosen[index];
                return AcditCondition.of(encoder.encode(data.randomPromptText(item, random)), data.sample(item).style());
            }
        };
    }
}
