package dev.tessera.app.models;

import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.TensorData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small model files, good and bad, for import tests. */
public final class TestModelFiles {

    private TestModelFiles() {}

    /** A valid Tessera "judge" file with config, provenance, training facts and metrics (known and unknown keys). */
    public static Path tesseraModel(Path file) throws IOException {
        Map<String, String> metadata = new TreeMap<>();
        metadata.put("tessera.model", "judge");
        metadata.put("tessera.config", "{\"imageSize\":32,\"widths\":[8,16]}");
        metadata.put("tessera.provenance.dataset", "test data");
        metadata.put("tessera.provenance.steps", "12");
        metadata.put("tessera.provenance.seed", "7");
        metadata.put("tessera.provenance.date", "2026-11-28T00:00:00Z");
        metadata.put("tessera.provenance.git_commit", "abc123");
        metadata.put("tessera.metric.clean_style", "0.987654321");
        metadata.put("tessera.metric.top5", "0.872");
        metadata.put("tessera.metric.fed", "27.1");
        metadata.put("tessera.metric.seconds_per_image", "0.835");
        metadata.put("tessera.metric.wobble", "0.5");
        metadata.put("tessera.train.wall_seconds", "660.0");
        return write(file, metadata);
    }

    /** A valid safetensors file another program wrote: no Tessera metadata. */
    public static Path foreignSafetensors(Path file) throws IOException {
        return write(file, Map.of("format", "pt"));
    }

    /** A valid Tessera model with its last bytes cut off, as an interrupted download leaves it. */
    public static Path truncated(Path file) throws IOException {
        tesseraModel(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 10);
        }
        return file;
    }

    /** The first bytes of a PyTorch pickle (protocol 4), named as if it were safetensors. */
    public static Path pickle(Path file) throws IOException {
        Files.write(file, new byte[] {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, '}', 'q', 0, '.'});
        return file;
    }

    private static Path write(Path file, Map<String, String> metadata) throws IOException {
        byte[] weights = new byte[4 * 16];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) i;
        }
        SafetensorsWriter.write(file, List.of(TensorData.of("w", SafetensorsDType.F32, new long[] {4, 4}, weights)),
                metadata);
        return file;
    }
}
