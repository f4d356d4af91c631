package dev.tessera.generation.acdit;

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

    /** The given dataset images, each with a random one of its prompt texts (encoded, cached) and its style. */
    static TrainingExamples of(EmojiDataset data, int[] indices, PromptEncoder encoder) {
        int[] chosen = indices.clone();
        return new TrainingExamples() {
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
