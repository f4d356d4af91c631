package dev.tessera.generation.acdit.training;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditConfig;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.video.MotionClips;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * What a model of {@code config} trains on from {@code data}: the training split's images for an
     * image model, motion clips of the training (emoji, motion) pairs for a video model, their paths
     * drawn from {@code seed}.
     */
    static TrainingExamples forModel(AcditConfig config, EmojiDataset data, long seed) {
        if (config.isVideo()) {
            MotionClips clips = new MotionClips(data, config.frames(), seed);
            return ofClips(clips, clips.trainingPairs(), PromptEncoder.shared());
        }
        return of(data, data.trainIndices(), PromptEncoder.shared());
    }

    /** Clips drawn for each motion pair: example i is clip {@code i / pairs} of pair {@code i % pairs}. */
    int CLIPS_PER_PAIR = 64;

    /**
     * Motion clips of {@code pairs} (rendered on the fly, {@link #CLIPS_PER_PAIR} paths each), each
     * with a random one of its prompt texts ("rocket moving up", "rocket ship moving up") and its
     * style; a clip's group is its base emoji, shared by every motion and style of it.
     */
    static TrainingExamples ofClips(MotionClips clips, List<MotionClips.Pair> pairs, PromptEncoder encoder) {
        List<MotionClips.Pair> chosen = List.copyOf(pairs);
        int n = chosen.size();
        Map<String, Integer> groupOfBase = new HashMap<>();
        int[] pairGroups = chosen.stream()
                .mapToInt(p -> groupOfBase.computeIfAbsent(p.item().baseUnified(), b -> groupOfBase.size())).toArray();
        return new TrainingExamples() {
            @Override
            public int size() {
                return n * CLIPS_PER_PAIR;
            }

            @Override
            public int[] groups() {
                int[] groups = new int[size()];
                for (int i = 0; i < groups.length; i++) {
                    groups[i] = pairGroups[i % n];
                }
                return groups;
            }

            @Override
            public void copyPixels(int index, float[] target, int offset) {
                float[] clip = clips.clip(chosen.get(index % n), index / n);
                System.arraycopy(clip, 0, target, offset, clip.length);
            }

            @Override
            public AcditCondition condition(int index, SplittableRandom random) {
                MotionClips.Pair pair = chosen.get(index % n);
                List<String> texts = pair.promptTexts();
                return AcditCondition.of(encoder.encode(texts.get(random.nextInt(texts.size()))), pair.style());
            }
        };
    }
}
