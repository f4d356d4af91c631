package dev.tessera.generation.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.TensorData;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedMetricsTest {

    @TempDir Path folder;

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void metricsJoinTheMetadataAndTheTensorsStayByteIdentical() throws Exception {
        Path file = folder.resolve("m.safetensors");
        byte[] weights = {1, 2, 3, 4, 5, 6, 7, 8};
        SafetensorsWriter.write(file, List.of(TensorData.of("w", SafetensorsDType.F32, new long[] {2}, weights)),
                Map.of("tessera.model", "acdit", "tessera.metric.old", "0.5"));

        RecordedMetrics.write(file, "eval_seen", Map.of("eval_seen_fed", 61.4, "old", 0.25));

        SafetensorsFile read = SafetensorsReader.read(file);
        assertArrayEquals(weights, bytes(read.tensor("w").orElseThrow().data()));
        assertEquals("acdit", read.metadata().get("tessera.model"));
        assertEquals("61.4", read.metadata().get("tessera.metric.eval_seen_fed"));
        assertEquals("0.25", read.metadata().get("tessera.metric.old"), "a re-measured metric replaces the old value");
    }

    @Test
    void aNewRecordOfAPrefixDropsItsStaleEntriesOnly() throws Exception {
        Path file = folder.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(TensorData.of("w", SafetensorsDType.F32, new long[] {1}, new byte[4])),
                Map.of("tessera.metric.eval_seen_fed", "63.6", "tessera.metric.eval_seen_style", "0.7",
                        "tessera.metric.eval_heldout_style", "0.6", "tessera.metric.clean_style", "0.98"));

        RecordedMetrics.write(file, "eval_seen", Map.of("eval_seen_fed_base", 40.0, "eval_seen_style", 0.8));

        Map<String, String> metadata = SafetensorsReader.read(file).metadata();
        assertEquals("40.0", metadata.get("tessera.metric.eval_seen_fed_base"));
        assertEquals("0.8", metadata.get("tessera.metric.eval_seen_style"));
        assertFalse(metadata.containsKey("tessera.metric.eval_seen_fed"), "measured against another reference: stale");
        assertEquals("0.98", metadata.get("tessera.metric.clean_style"), "another prefix is left alone");
        assertEquals("0.6", metadata.get("tessera.metric.eval_heldout_style"), "eval_heldout is not eval_seen");
    }
}
