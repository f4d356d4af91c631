package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `train` with "initFrom": a new run that starts from a finished model's weights, on the real emoji data. */
class AcditContinuationTest {

    @TempDir Path dir;

    private Path config(String name, int width, double learningRate, String initFrom) throws Exception {
        String init = initFrom == null ? "" : "\"initFrom\": \"" + dir.resolve(initFrom) + "\",";
        String json = """
                {"model": "acdit", "output": "%s", "workDir": "%s", %s
                 "styles": ["google", "twitter"],
                 "acdit": {"imageSize": 32, "patchSize": 4, "blockSide": 4, "width": %d, "depth": 1, "heads": 2,
                           "mlpRatio": 2, "promptDim": 384, "ropeBase": 100.0},
                 "training": {"steps": 2, "batchSize": 4, "learningRate": %s, "minLearningRate": 0.0,
                              "warmupSteps": 0, "seed": 5}}
                """.formatted(dir.resolve(name + ".safetensors"), dir.resolve("run-" + name), init, width, learningRate);
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, json);
        return file;
    }

    private static float largestDifference(Path a, Path b) throws Exception {
        SafetensorsFile first = SafetensorsReader.read(a);
        SafetensorsFile second = SafetensorsReader.read(b);
        float largest = 0;
        for (TensorData t : first.tensors()) {
            var x = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            ByteBuffer other = second.tensor(t.name()).orElseThrow().data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            var y = other.asFloatBuffer();
            for (int i = 0; i < x.remaining(); i++) {
                largest = Math.max(largest, Math.abs(x.get(i) - y.get(i)));
            }
        }
        return largest;
    }

    @Test
    void aContinuationStartsFromTheGivenWeightsAndRefusesAnotherArchitecture() throws Exception {
        assertEquals(0, TesseraCli.execute("train", "--config", config("first", 32, 1e-2, null).toString()));
        // A near-zero learning rate leaves the weights where they started: from "first", not from a fresh init.
        assertEquals(0, TesseraCli.execute("train", "--config", config("continued", 32, 1e-12, "first.safetensors").toString()));
        assertEquals(0, TesseraCli.execute("train", "--config", config("fresh", 32, 1e-12, null).toString()));
        float continued = largestDifference(dir.resolve("first.safetensors"), dir.resolve("continued.safetensors"));
        float fresh = largestDifference(dir.resolve("first.safetensors"), dir.resolve("fresh.safetensors"));
        assertTrue(continued < 1e-6, "continued run moved from its start by " + continued);
        assertTrue(fresh > 1e-3, "a fresh run should differ from the trained one, by " + fresh);
        assertTrue(SafetensorsReader.readMetadata(dir.resolve("continued.safetensors"))
                .get("tessera.provenance.dataset").endsWith("continued from first.safetensors"));

        assertNotEquals(0, TesseraCli.execute("train", "--config", config("wider", 64, 1e-3, "first.safetensors").toString()));
        assertFalse(Files.exists(dir.resolve("wider.safetensors")));
    }
}
