package dev.tessera.generation.acdit.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.data.EmojiSample;
import dev.tessera.generation.data.EmojiSet;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.io.AtomicFiles;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.StrictJson;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.text.PromptText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * What ACDiT training draws from, as one file for the GPU twin (training/data.py): a gzipped safetensors
 * file with the chosen images (U8, HWC), every prompt text of theirs with the MiniLM vector this encoder
 * makes (F16), which texts belong to which image, each image's style, its base-emoji group (what balanced
 * batches draw by), category and subcategory. So the twin samples exactly what {@link TrainingExamples}
 * samples (a random one of an image's texts per draw) without re-implementing the prompt encoder.
 */
public final class TrainingSetExport {

    public static final String FORMAT = "tessera-training-set-1";

    private TrainingSetExport() {}

    /** What was written. */
    public record Summary(int images, int promptTexts, int groups, long bytes) {}

    /** Writes the images at {@code indices} of {@code data} (atomically); encodes each distinct prompt text once. */
    public static Summary write(Path file, EmojiDataset data, int[] indices, PromptEncoder encoder) throws IOException {
        int n = indices.length;
        if (n == 0) {
            throw new IllegalArgumentException("nothing to export: no images chosen");
        }
        int bytesPerImage = data.floatsPerImage();
        byte[] pixels = new byte[n * bytesPerImage];
        int[] style = new int[n];
        int[] category = new int[n];
        int[] subcategory = new int[n];
        int[] offsets = new int[n + 1];
        List<Integer> promptIds = new ArrayList<>();
        Map<String, Integer> textIds = new LinkedHashMap<>();
        Map<String, Integer> categories = new LinkedHashMap<>();
        Map<String, Integer> subcategories = new LinkedHashMap<>();
        List<String> unified = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EmojiSample sample = data.sample(indices[i]);
            EmojiSet set = data.sets().get(sample.setIndex());
            System.arraycopy(set.pixels(), set.pixelOffset(sample.itemIndex()), pixels, i * bytesPerImage, bytesPerImage);
            EmojiItem item = sample.item();
            style[i] = data.styles().indexOf(sample.style());
            category[i] = categories.computeIfAbsent(item.category(), c -> categories.size());
            subcategory[i] = subcategories.computeIfAbsent(item.subcategory(), c -> subcategories.size());
            unified.add(item.unified());
            // Every listed text, duplicates after normalisation included, so a uniform pick here is
            // TrainingExamples' uniform pick over promptTexts().
            for (String text : item.promptTexts()) {
                promptIds.add(textIds.computeIfAbsent(PromptText.normalise(text), t -> textIds.size()));
            }
            offsets[i + 1] = promptIds.size();
        }
        int[] groups = data.baseEmojiGroups(indices);
        int size = data.imageSize();
        List<TensorData> tensors = List.of(
                TensorData.of("pixels", SafetensorsDType.U8, new long[] {n, size, size, EmojiDataset.CHANNELS}, pixels),
                ints("style", style), ints("group", groups), ints("category", category),
                ints("subcategory", subcategory), ints("prompt_offsets", offsets),
                ints("prompt_ids", promptIds.stream().mapToInt(Integer::intValue).toArray()),
                promptVectors(List.copyOf(textIds.keySet()), encoder));
        Map<String, String> metadata = new TreeMap<>();
        metadata.put("tessera.format", FORMAT);
        metadata.put("tessera.styles", json(data.styles().stream().map(EmojiStyle::name).toList()));
        metadata.put("tessera.sources", json(data.sets().stream().map(EmojiSet::source).toList()));
        metadata.put("tessera.categories", json(List.copyOf(categories.keySet())));
        metadata.put("tessera.subcategories", json(List.copyOf(subcategories.keySet())));
        metadata.put("tessera.prompt_texts", json(List.copyOf(textIds.keySet())));
        metadata.put("tessera.unified", json(unified));
        metadata.put("tessera.encoder", "all-MiniLM-L6-v2 (PromptEncoder), F16");
        writeGzipped(file, tensors, metadata);
        int groupCount = (int) Arrays.stream(groups).distinct().count();
        return new Summary(n, textIds.size(), groupCount, Files.size(file));
    }

    /** Writes a gzipped safetensors file atomically (the twin's reader detects the gzip). */
    static void writeGzipped(Path file, List<TensorData> tensors, Map<String, String> metadata) throws IOException {
        List<ByteBuffer> chunks = SafetensorsWriter.chunks(tensors, metadata);
        AtomicFiles.write(file, out -> {
            try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
                for (ByteBuffer chunk : chunks) {
                    ByteBuffer view = chunk.duplicate();
                    byte[] bytes = new byte[view.remaining()];
                    view.get(bytes);
                    gzip.write(bytes);
                }
            }
        });
    }

    /** Each text's MiniLM vector from {@code encoder}, as F16 rows [texts, dim]. */
    static TensorData promptVectors(List<String> texts, PromptEncoder encoder) {
        int dim = PromptEncoder.DIMENSION;
        ByteBuffer vectors = ByteBuffer.allocate(texts.size() * dim * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (String text : texts) {
            for (float v : encoder.encode(text).vector()) {
                vectors.putShort(toHalf(v));
            }
        }
        vectors.flip();
        return new TensorData("prompt_vectors", SafetensorsDType.F16, new long[] {texts.size(), dim}, vectors);
    }

    /**
     * Each text's MiniLM vector as I8 rows [texts, dim] ("prompt_vectors") with an F32 scale per row
     * ("prompt_vector_scales"): value = code × scale, where scale is the row's largest |value| / 127. Half
     * the bytes of F16, for an export whose texts are many (the motion set's 22 k phrasings); a code is
     * off by at most half a step, under 0.4 % of the row's largest value.
     */
    static List<TensorData> int8PromptVectors(List<String> texts, PromptEncoder encoder) {
        int dim = PromptEncoder.DIMENSION;
        byte[] codes = new byte[texts.size() * dim];
        ByteBuffer scales = ByteBuffer.allocate(texts.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int row = 0; row < texts.size(); row++) {
            float[] vector = encoder.encode(texts.get(row)).vector();
            float largest = 0;
            for (float v : vector) {
                largest = Math.max(largest, Math.abs(v));
            }
            float scale = largest > 0 ? largest / 127 : 1;
            for (int i = 0; i < dim; i++) {
                codes[row * dim + i] = (byte) Math.max(-127, Math.min(127, Math.round(vector[i] / scale)));
            }
            scales.putFloat(scale);
        }
        scales.flip();
        return List.of(TensorData.of("prompt_vectors", SafetensorsDType.I8, new long[] {texts.size(), dim}, codes),
                new TensorData("prompt_vector_scales", SafetensorsDType.F32, new long[] {texts.size()}, scales));
    }

    /** IEEE 754 binary16 bits of {@code value}, rounded to nearest even (Java 17 has no Float.floatToFloat16). */
    static short toHalf(float value) {
        int bits = Float.floatToIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        int shift;
        int half;
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mantissa |= 0x800000;
            shift = 14 - e;
            half = mantissa >> shift;
        } else {
            shift = 13;
            half = (e << 10) | (mantissa >> 13);
        }
        int rest = mantissa & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1) == 1)) {
            half++; // a carry into the exponent is the correct rounding up
        }
        return (short) (sign | half);
    }

    static TensorData ints(String name, int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return new TensorData(name, SafetensorsDType.I32, new long[] {values.length}, buffer);
    }

    static String json(List<String> values) {
        try {
            return StrictJson.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
