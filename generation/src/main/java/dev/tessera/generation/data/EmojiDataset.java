package dev.tessera.generation.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * One or more derived emoji sets (usually one per style) seen as a single indexed dataset, with the
 * fixed train/validation split of {@link EmojiSplit}, prompt texts per image, and pixels as floats
 * in [-1, 1] in NCHW order, ready to copy into an NDArray of shape (N, 3, size, size).
 * Index i runs over the first set's items, then the second set's, and so on. The data and its
 * split: docs/data.md.
 */
public final class EmojiDataset {

    public static final int BUNDLED_SIZE = EmojiImporter.DEFAULT_SIZE;
    public static final int CHANNELS = 3;

    private final List<EmojiSet> sets;
    private final List<EmojiSample> samples;
    private final int imageSize;

    private EmojiDataset(List<EmojiSet> sets) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one emoji set");
        }
        this.sets = List.copyOf(sets);
        this.imageSize = sets.get(0).imageSize();
        List<EmojiSample> all = new ArrayList<>();
        for (int s = 0; s < sets.size(); s++) {
            EmojiSet set = sets.get(s);
            if (set.imageSize() != imageSize) {
                throw new IllegalArgumentException("sets of different image sizes: " + imageSize + " and " + set.imageSize());
            }
            for (int i = 0; i < set.count(); i++) {
                all.add(new EmojiSample(set.style(), set.items().get(i), s, i));
            }
        }
        this.samples = List.copyOf(all);
    }

    public static EmojiDataset of(List<EmojiSet> sets) {
        return new EmojiDataset(sets);
    }

    /** The sets shipped in assets/data at 32×32; all styles when none is named. */
    public static EmojiDataset loadBundled(EmojiStyle... styles) {
        return loadBundled(BUNDLED_SIZE, styles);
    }

    public static EmojiDataset loadBundled(int size, EmojiStyle... styles) {
        EmojiStyle[] wanted = styles.length == 0 ? EmojiStyle.values() : styles;
        List<EmojiSet> sets = new ArrayList<>();
        for (EmojiStyle style : wanted) {
            sets.add(loadBundledSet(style, size));
        }
        return new EmojiDataset(sets);
    }

    /** Reads one bundled set from the class path ({@code /data/emoji-<style>-<size>.bin}). */
    public static EmojiSet loadBundledSet(EmojiStyle style, int size) {
        String resource = "/data/" + EmojiSet.fileName(style, size);
        try (InputStream in = EmojiDataset.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new EmojiFileFormatException(resource + ": not on the class path; import it with "
                        + "'tessera data import-emoji --style " + style.id() + " --size " + size + "'");
            }
            return EmojiDataFile.read(in, "classpath:" + resource);
        } catch (IOException e) {
            throw new EmojiFileFormatException(resource + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static EmojiDataset load(Path... files) {
        return new EmojiDataset(Arrays.stream(files).map(EmojiDataFile::read).toList());
    }

    public List<EmojiSet> sets() {
        return sets;
    }

    public List<EmojiStyle> styles() {
        return sets.stream().map(EmojiSet::style).toList();
    }

    public int size() {
        return samples.size();
    }

    public int imageSize() {
        return imageSize;
    }

    /** Floats per image in the pixel batches: 3 × size × size. */
    public int floatsPerImage() {
        return CHANNELS * imageSize * imageSize;
    }

    public EmojiSample sample(int index) {
        return samples.get(index);
    }

    public List<EmojiSample> samples() {
        return samples;
    }

    public boolean isValidation(int index) {
        return EmojiSplit.isValidation(samples.get(index).item());
    }

    /**
     * A group label for each of {@code indices}: equal for images of the same base emoji (its skin-tone
     * variants, every style), numbered from 0 in order of first appearance. For balanced batches.
     */
    public int[] baseEmojiGroups(int[] indices) {
        java.util.Map<String, Integer> groupOfBase = new java.util.HashMap<>();
        return java.util.Arrays.stream(indices)
                .map(i -> groupOfBase.computeIfAbsent(sample(i).item().baseUnified(), base -> groupOfBase.size()))
                .toArray();
    }

    /** Indices of the training side of the split, ascending. */
    public int[] trainIndices() {
        return IntStream.range(0, size()).filter(i -> !isValidation(i)).toArray();
    }

    /** Indices of the held-out emoji (about 5 %, the same emoji in every style), ascending. */
    public int[] validationIndices() {
        return IntStream.range(0, size()).filter(this::isValidation).toArray();
    }

    /** Seeded shuffled batches over the given indices; a last smaller batch is kept. */
    public EmojiBatches batches(int[] indices, int batchSize, long seed) {
        return new EmojiBatches(indices, batchSize, seed, false);
    }

    /** Every prompt text of an image (name and short names, with its skin tone). */
    public List<String> promptTexts(int index) {
        return samples.get(index).item().promptTexts();
    }

    public String randomPromptText(int index, SplittableRandom random) {
        return samples.get(index).item().randomPromptText(random);
    }

    /** Writes one image as CHW floats in [-1, 1] into {@code target} from {@code offset}. */
    public void copyPixels(int index, float[] target, int offset) {
        EmojiSample sample = samples.get(index);
        EmojiSet set = sets.get(sample.setIndex());
        byte[] pixels = set.pixels();
        int base = set.pixelOffset(sample.itemIndex());
        int plane = imageSize * imageSize;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < CHANNELS; c++) {
                target[offset + c * plane + p] = (pixels[base + p * CHANNELS + c] & 0xFF) / 127.5f - 1f;
            }
        }
    }

    /** The images at {@code indices} as one NCHW float array in [-1, 1]. */
    public float[] pixelBatch(int[] indices) {
        float[] batch = new float[indices.length * floatsPerImage()];
        for (int i = 0; i < indices.length; i++) {
            copyPixels(indices[i], batch, i * floatsPerImage());
        }
        return batch;
    }

    /** {@link #pixelBatch(int[])} wrapped for APIs that take a buffer, e.g. {@code NDManager.create(FloatBuffer, Shape)}. */
    public FloatBuffer pixelBatchBuffer(int[] indices) {
        return FloatBuffer.wrap(pixelBatch(indices));
    }
}
