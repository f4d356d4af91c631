package dev.tessera.generation.acdit.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.text.PromptEncoder;
import java.io.InputStream;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training-set export holds exactly what {@link TrainingExamples} draws from, and the committed sample
 * (which the twin's own tests read, training/test_twin.py) is what the exporter writes today.
 */
class TrainingSetExportTest {

    static final Path SAMPLE = Path.of("generation/src/test/resources/parity/training-set-sample.safetensors.gz");

    @TempDir
    Path folder;

    @Test
    void theExportHoldsTheChosenImagesTheirPromptVectorsAndGroups() throws Exception {
        EmojiDataset data = EmojiDataset.loadBundled(EmojiStyle.values());
        int[] chosen = sampleIndices(data);
        Path file = folder.resolve("set.safetensors.gz");
        TrainingSetExport.Summary summary = TrainingSetExport.write(file, data, chosen, PromptEncoder.shared());
        Map<String, TensorData> tensors = gunzipped(file).tensorsByName();

        assertEquals(chosen.length, summary.images());
        byte[] pixels = tensors.get("pixels").bytes();
        int perImage = data.floatsPerImage();
        float[] floats = new float[perImage];
        for (int i = 0; i < chosen.length; i++) {
            data.copyPixels(chosen[i], floats, 0);
            // HWC bytes, the same pixels copyPixels turns into CHW floats in [-1, 1]
            int plane = data.imageSize() * data.imageSize();
            for (int p = 0; p < plane; p += 97) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(floats[c * plane + p], (pixels[i * perImage + p * 3 + c] & 0xFF) / 127.5f - 1f);
                }
            }
        }
        assertArrayEquals(data.baseEmojiGroups(chosen), ints(tensors.get("group")));
        int[] offsets = ints(tensors.get("prompt_offsets"));
        int[] ids = ints(tensors.get("prompt_ids"));
        short[] halves = new short[Math.toIntExact(TensorData.elementCount(tensors.get("prompt_vectors").shape()))];
        ShortBuffer vectors = tensors.get("prompt_vectors").data().asShortBuffer();
        vectors.get(halves);
        for (int i = 0; i < chosen.length; i++) {
            EmojiItem item = data.sample(chosen[i]).item();
            assertEquals(item.promptTexts().size(), offsets[i + 1] - offsets[i], item.unified());
            float[] expected = PromptEncoder.shared().encode(item.promptTexts().get(0)).vector();
            for (int d = 0; d < expected.length; d++) {
                float half = fromHalf(halves[ids[offsets[i]] * expected.length + d]);
                assertEquals(expected[d], half, Math.abs(expected[d]) / 1024 + 1e-7, "vector of " + item.name());
            }
        }
        assertEquals(SafetensorsDType.F16, tensors.get("prompt_vectors").dtype());
    }

    @Test
    void theCommittedSampleIsWhatTheExporterWritesToday() throws Exception {
        EmojiDataset data = EmojiDataset.loadBundled(EmojiStyle.values());
        Path fresh = folder.resolve("sample.safetensors.gz");
        TrainingSetExport.write(fresh, data, sampleIndices(data), PromptEncoder.shared());
        if (Boolean.getBoolean("tessera.parity.regenerate")) {
            Files.copy(fresh, SAMPLE, StandardCopyOption.REPLACE_EXISTING);
        }
        SafetensorsFile now = gunzipped(fresh);
        SafetensorsFile committed = gunzipped(SAMPLE);
        assertEquals(committed.metadata(), now.metadata());
        Map<String, TensorData> before = committed.tensorsByName();
        now.tensorsByName().forEach((name, tensor) -> {
            if (!name.equals("prompt_vectors")) {
                assertEquals(before.get(name), tensor, name);
            } else {
                // The ONNX encoder may round differently on another CPU; F16 hides all but a last-bit change.
                short[] a = halves(before.get(name));
                short[] b = halves(tensor);
                for (int i = 0; i < a.length; i++) {
                    assertTrue(Math.abs(a[i] - b[i]) <= 1, "prompt vector element " + i);
                }
            }
        });
    }

    @Test
    void halvesRoundToNearestEven() {
        assertEquals((short) 0x3C00, TrainingSetExport.toHalf(1f));
        assertEquals((short) 0xC000, TrainingSetExport.toHalf(-2f));
        assertEquals((short) 0x7BFF, TrainingSetExport.toHalf(65504f));
        assertEquals((short) 0x7C00, TrainingSetExport.toHalf(65520f)); // rounds up past the largest half
        assertEquals((short) 0x3555, TrainingSetExport.toHalf(1f / 3));
        assertEquals((short) 0x0001, TrainingSetExport.toHalf(5.9604645e-8f)); // smallest subnormal
        assertEquals((short) 0x0000, TrainingSetExport.toHalf(2.9e-8f));
        assertEquals((short) 0x3C00, TrainingSetExport.toHalf(1f + 1f / 2048)); // a tie goes to the even neighbour
        assertEquals((short) 0x3C02, TrainingSetExport.toHalf(1f + 3f / 2048));
        for (float v : new float[] {0.05f, -0.0731f, 0.123456f, 1e-5f}) {
            assertEquals(v, fromHalf(TrainingSetExport.toHalf(v)), Math.abs(v) / 2048 + 3e-8f, Float.toString(v));
        }
    }

    @Test
    void int8RowsKeepEachVectorToHalfAStepOfItsOwnScale() {
        List<String> texts = List.of("rocket moving up", "cat face spinning", "red heart bouncing");
        List<TensorData> rows = TrainingSetExport.int8PromptVectors(texts, PromptEncoder.shared());
        TensorData codes = rows.get(0);
        TensorData scales = rows.get(1);
        assertEquals("prompt_vectors", codes.name());
        assertEquals(SafetensorsDType.I8, codes.dtype());
        assertArrayEquals(new long[] {3, PromptEncoder.DIMENSION}, codes.shape());
        assertEquals("prompt_vector_scales", scales.name());
        byte[] code = codes.bytes();
        float[] scale = new float[3];
        scales.data().asFloatBuffer().get(scale);
        for (int row = 0; row < texts.size(); row++) {
            float[] expected = PromptEncoder.shared().encode(texts.get(row)).vector();
            int largestCode = 0;
            for (int d = 0; d < expected.length; d++) {
                int c = code[row * expected.length + d];
                largestCode = Math.max(largestCode, Math.abs(c));
                // what the twin reads back (training/motion.py): code × scale
                assertEquals(expected[d], c * scale[row], scale[row] / 2 * 1.0001f, texts.get(row) + " [" + d + "]");
            }
            assertEquals(127, largestCode, "the row's largest value uses the whole code range");
        }
    }

    /** A few training images of each style, the first ones with a skin tone among them. */
    static int[] sampleIndices(EmojiDataset data) {
        int[] train = data.trainIndices();
        IntStream someOfEach = Arrays.stream(EmojiStyle.values()).flatMapToInt(style -> Arrays.stream(train)
                .filter(i -> data.sample(i).style() == style).limit(3));
        IntStream toned = Arrays.stream(train).filter(i -> data.sample(i).item().hasSkinTone()).limit(2);
        return IntStream.concat(someOfEach, toned).toArray();
    }

    private static SafetensorsFile gunzipped(Path file) throws Exception {
        Path plain = Files.createTempFile("export", ".safetensors");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
            return SafetensorsReader.read(plain);
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    private static int[] ints(TensorData tensor) {
        int[] out = new int[Math.toIntExact(TensorData.elementCount(tensor.shape()))];
        tensor.data().asIntBuffer().get(out);
        return out;
    }

    private static short[] halves(TensorData tensor) {
        short[] out = new short[Math.toIntExact(TensorData.elementCount(tensor.shape()))];
        tensor.data().asShortBuffer().get(out);
        return out;
    }

    /** binary16 bits → float, for checking. */
    static float fromHalf(short bits) {
        int sign = (bits & 0x8000) != 0 ? -1 : 1;
        int exponent = (bits >> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            return sign * mantissa * (float) Math.pow(2, -24);
        }
        if (exponent == 0x1f) {
            return mantissa == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
        }
        return sign * (1 + mantissa / 1024f) * (float) Math.pow(2, exponent - 15);
    }
}
