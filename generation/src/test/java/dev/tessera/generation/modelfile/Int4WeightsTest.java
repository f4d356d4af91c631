package dev.tessera.generation.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.modelfile.Int4Weights.Scheme;
import dev.tessera.generation.modelfile.Int4Weights.Settings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The INT4 layout read from files built by hand: what it means, and what it refuses. */
class Int4WeightsTest {

    private static final Path SOURCE = Path.of("hand-made.safetensors");

    private static TensorData f32(String name, long[] shape, float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new TensorData(name, SafetensorsDType.F32, shape, bytes);
    }

    private static TensorData u8(String name, long[] shape, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return TensorData.of(name, SafetensorsDType.U8, shape, bytes);
    }

    /** A 2×4 matrix in groups of 2: codes 0..7 in order, two steps per row. */
    private static List<TensorData> layer(Scheme scheme) {
        List<TensorData> tensors = new ArrayList<>();
        tensors.add(u8("a.qweight", new long[] {2, 2}, 0x10, 0x32, 0x54, 0x76));
        tensors.add(f32("a.scales", new long[] {2, 2}, 1f, 2f, 0.5f, 0.25f));
        if (scheme == Scheme.ASYMMETRIC) {
            tensors.add(u8("a.zeros", new long[] {2, 2}, 0, 1, 15, 4));
        }
        tensors.add(f32("a.bias", new long[] {2}, 9f, 9f));
        return tensors;
    }

    private static SafetensorsFile file(List<TensorData> tensors, Map<String, String> metadata) {
        return new SafetensorsFile(SOURCE, tensors, metadata);
    }

    private static SafetensorsFile file(Scheme scheme) {
        return file(layer(scheme), new Settings(2, scheme).metadata());
    }

    private static String problem(SafetensorsFile file) {
        return assertThrows(ModelFileException.class, () -> Int4Weights.packedMatrices(file)).getMessage();
    }

    @Test
    void codesScalesAndZerosGiveTheDocumentedValues() throws ModelFileException {
        TensorData symmetric = Int4Weights.dequantized(file(Scheme.SYMMETRIC)).tensor("a.weight").orElseThrow();
        assertArrayEquals(new long[] {2, 4}, symmetric.shape());
        float[] values = new float[8];
        symmetric.data().asFloatBuffer().get(values);
        // (code − 8) · step: row 0 steps 1, 2; row 1 steps 0.5, 0.25.
        assertArrayEquals(new float[] {-8, -7, -12, -10, -2, -1.5f, -0.5f, -0.25f}, values);
        TensorData asymmetric = Int4Weights.dequantized(file(Scheme.ASYMMETRIC)).tensor("a.weight").orElseThrow();
        asymmetric.data().asFloatBuffer().get(values);
        // (code − zero) · step, zeros 0, 1 / 15, 4.
        assertArrayEquals(new float[] {0, 1, 2, 4, -5.5f, -5, 0.5f, 0.75f}, values);
        SafetensorsFile full = Int4Weights.dequantized(file(Scheme.ASYMMETRIC));
        assertEquals(List.of("a.bias", "a.weight"), full.tensors().stream().map(TensorData::name).toList());
    }

    @Test
    void aFullPrecisionFileIsLeftAlone() throws ModelFileException {
        SafetensorsFile plain = file(List.of(f32("a.weight", new long[] {1, 2}, 1, 2)), Map.of());
        assertTrue(Int4Weights.packedMatrices(plain).isEmpty());
        assertEquals(plain, Int4Weights.dequantized(plain));
    }

    @Test
    void inconsistentFilesAreRefusedNamingTheLayer() {
        assertTrue(problem(file(layer(Scheme.SYMMETRIC), Map.of())).contains("no " + Int4Weights.GROUP_KEY));
        assertTrue(problem(file(List.of(f32("a.weight", new long[] {1, 2}, 1, 2)), new Settings(2, Scheme.SYMMETRIC).metadata()))
                .contains("holds no .qweight"));
        assertTrue(problem(file(layer(Scheme.ASYMMETRIC), new Settings(2, Scheme.SYMMETRIC).metadata()))
                .contains("symmetric scheme has no zeros"));
        assertTrue(problem(file(layer(Scheme.SYMMETRIC), new Settings(2, Scheme.ASYMMETRIC).metadata()))
                .contains("needs a.zeros"));
        assertTrue(problem(file(layer(Scheme.SYMMETRIC), new Settings(8, Scheme.SYMMETRIC).metadata()))
                .contains("4 columns are not whole groups of 8"));
        Map<String, String> badScheme = new HashMap<>(new Settings(2, Scheme.SYMMETRIC).metadata());
        badScheme.put(Int4Weights.SCHEME_KEY, "nf4");
        assertTrue(problem(file(layer(Scheme.SYMMETRIC), badScheme)).contains("'nf4'"));

        List<TensorData> wrongScales = new ArrayList<>(layer(Scheme.SYMMETRIC));
        wrongScales.set(1, f32("a.scales", new long[] {2, 1}, 1f, 2f));
        assertTrue(problem(file(wrongScales, new Settings(2, Scheme.SYMMETRIC).metadata())).contains("INT4 layer 'a'"));
        List<TensorData> negativeScale = new ArrayList<>(layer(Scheme.SYMMETRIC));
        negativeScale.set(1, f32("a.scales", new long[] {2, 2}, 1f, -2f, 1f, 1f));
        assertTrue(problem(file(negativeScale, new Settings(2, Scheme.SYMMETRIC).metadata())).contains("-2.0"));
        List<TensorData> bigZero = new ArrayList<>(layer(Scheme.ASYMMETRIC));
        bigZero.set(2, u8("a.zeros", new long[] {2, 2}, 0, 16, 0, 0));
        assertTrue(problem(file(bigZero, new Settings(2, Scheme.ASYMMETRIC).metadata())).contains("16, outside 0..15"));
        List<TensorData> both = new ArrayList<>(layer(Scheme.SYMMETRIC));
        both.add(f32("a.weight", new long[] {2, 4}, new float[8]));
        assertTrue(problem(file(both, new Settings(2, Scheme.SYMMETRIC).metadata())).contains("both a.weight"));
        List<TensorData> orphan = new ArrayList<>(layer(Scheme.SYMMETRIC));
        orphan.add(f32("b.scales", new long[] {1, 1}, 1f));
        assertTrue(problem(file(orphan, new Settings(2, Scheme.SYMMETRIC).metadata())).contains("'b.scales' without"));
    }
}
