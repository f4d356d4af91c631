package dev.tessera.generation.eval;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.data.EmojiSample;
import dev.tessera.generation.data.EmojiSplit;
import dev.tessera.generation.data.EmojiStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * The real images split in two halves for measuring: the <em>reference</em> half (even positions of
 * each style's set) defines the statistics generated images are compared with, and the
 * <em>held-out</em> half (odd positions) is the "real images" row, so real-vs-reference is never an
 * image compared with itself.
 */
public final class RealImages {

    private final EmojiDataset data;

    public RealImages(EmojiDataset data) {
        this.data = data;
    }

    public EmojiDataset data() {
        return data;
    }

    /** Reference-half indices of one style, or of every style when {@code style} is null. */
    public int[] reference(EmojiStyle style) {
        return select(i -> data.sample(i).itemIndex() % 2 == 0 && matches(i, style));
    }

    /** Held-out-half indices of one style, or of every style when {@code style} is null. */
    public int[] heldOut(EmojiStyle style) {
        return select(i -> data.sample(i).itemIndex() % 2 == 1 && matches(i, style));
    }

    /** {@code count} indices drawn without replacement from {@code pool} with {@code seed}. */
    public static int[] draw(int[] pool, int count, long seed) {
        if (count > pool.length) {
            throw new IllegalArgumentException("asked for " + count + " images but only " + pool.length + " exist");
        }
        int[] copy = pool.clone();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(copy.length - i);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return java.util.Arrays.copyOf(copy, count);
    }

    /** The images at {@code indices}, each prompted by its own emoji and style. */
    public ImageSet imageSet(int[] indices) {
        return imageSet(indices, null);
    }

    /** As {@link #imageSet(int[])}, with every image changed by {@code degradation} (seeded per image). */
    public ImageSet imageSet(int[] indices, ImageDegradation degradation) {
        List<EvalPrompt> prompts = new ArrayList<>();
        for (int k = 0; k < indices.length; k++) {
            prompts.add(promptOf(data.sample(indices[k]), k));
        }
        return new ImageSet(pixelsOf(indices, degradation), data.imageSize(), prompts);
    }

    /**
     * The real image of each prompt (its emoji, without skin tone, in its style), in order, each keeping its
     * prompt: what a model that reproduced the data exactly would draw for these prompts.
     *
     * @throws IllegalArgumentException naming a prompt whose emoji and style are not in the data
     */
    public ImageSet imageSetOf(List<EvalPrompt> prompts, ImageDegradation degradation) {
        Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < data.size(); i++) {
            EmojiSample sample = data.sample(i);
            indexOf.putIfAbsent(sample.style().id() + "/" + sample.item().unified(), i);
        }
        int[] indices = new int[prompts.size()];
        for (int k = 0; k < indices.length; k++) {
            EvalPrompt prompt = prompts.get(k);
            Integer index = indexOf.get(prompt.style().id() + "/" + prompt.emoji());
            if (index == null) {
                throw new IllegalArgumentException("prompt " + k + " ('" + prompt.prompt() + "'): no " + prompt.style().id()
                        + " image of emoji " + prompt.emoji() + " in the data");
            }
            indices[k] = index;
        }
        return new ImageSet(pixelsOf(indices, degradation), data.imageSize(), prompts);
    }

    /** The images at {@code indices} as consecutive CHW floats, each changed by {@code degradation} if given. */
    private float[] pixelsOf(int[] indices, ImageDegradation degradation) {
        int size = data.imageSize();
        int perImage = data.floatsPerImage();
        float[] pixels = new float[indices.length * perImage];
        float[] image = new float[perImage];
        for (int k = 0; k < indices.length; k++) {
            data.copyPixels(indices[k], image, 0);
            float[] out = degradation == null ? image : degradation.apply(image, size, new SplittableRandom(indices[k]));
            System.arraycopy(out, 0, pixels, k * perImage, perImage);
        }
        return pixels;
    }

    /** The mean image of the given indices. */
    public float[] meanImage(int[] indices) {
        int perImage = data.floatsPerImage();
        double[] sum = new double[perImage];
        float[] image = new float[perImage];
        for (int index : indices) {
            data.copyPixels(index, image, 0);
            for (int p = 0; p < perImage; p++) {
                sum[p] += image[p];
            }
        }
        float[] mean = new float[perImage];
        for (int p = 0; p < perImage; p++) {
            mean[p] = (float) (sum[p] / indices.length);
        }
        return mean;
    }

    private static EvalPrompt promptOf(EmojiSample sample, int position) {
        EmojiItem item = sample.item();
        return new EvalPrompt(item.promptTexts().get(0), sample.style(), item.baseUnified(), item.subcategory(),
                !EmojiSplit.isValidation(item), position);
    }

    private boolean matches(int index, EmojiStyle style) {
        return style == null || data.sample(index).style() == style;
    }

    private int[] select(IntPredicate keep) {
        return java.util.stream.IntStream.range(0, data.size()).filter(keep).toArray();
    }
}
