package dev.tessera.compression.int4;

import static dev.tessera.generation.modelfile.TensorArrays.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.modelfile.Int4Weights.Scheme;
import dev.tessera.generation.modelfile.Int4Weights.Settings;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GPU twin rounds weights to INT4 as this quantizer does (training/int4.py), so a model distilled with its
 * weights on the INT4 grid packs into exactly what it was trained as. The fixture, written by
 * {@code python3 -m training.parity --only int4}, holds a matrix with the groups real layers have and the twin's
 * rounding of it.
 */
class Int4TwinParityTest {

    private static final Path CASE = Path.of("compression/src/test/resources/parity/int4-twin-case.safetensors");

    @ParameterizedTest
    @CsvSource({"symmetric_g32,32,SYMMETRIC", "asymmetric_g64,64,ASYMMETRIC"})
    void theQuantizerRoundsTheTwinsMatrixToTheTwinsValues(String expected, int group, Scheme scheme) throws Exception {
        Map<String, TensorData> fixture = SafetensorsReader.read(CASE).tensorsByName();
        float[] weight = floats(fixture.get("weight"));
        float[] twin = floats(fixture.get(expected));
        float[] mine = quantizer(group, scheme).quantize("w", weight, 48, 256).dequantize();
        assertArrayEquals(twin, mine, 0f);
        assertTrue(changed(weight, mine) > weight.length / 2, "most weights move onto the grid");
    }

    @ParameterizedTest
    @CsvSource({"symmetric_g32,32"})
    void weightsTheTwinSnappedToTheSymmetricGridPackWithoutChange(String snapped, int group) throws Exception {
        float[] grid = floats(SafetensorsReader.read(CASE).tensorsByName().get(snapped));
        float[] packed = quantizer(group, Scheme.SYMMETRIC).quantize("w", grid, 48, 256).dequantize();
        assertArrayEquals(grid, packed, 0f);
    }

    private static Int4Quantizer quantizer(int group, Scheme scheme) {
        return new Int4Quantizer(new Settings(group, scheme), SafetensorsDType.F16);
    }

    private static int changed(float[] a, float[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            count += a[i] != b[i] ? 1 : 0;
        }
        return count;
    }
}
