package dev.tessera.generation.acdit.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.StrictJson;
import dev.tessera.generation.modelfile.TensorData;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Hostile variants of a valid model file, made the way an attacker would: the header's config
 * edited while the tensors stay, weights replaced by NaN, or a sparse file whose header declares
 * gigabytes it does not hold on disk.
 */
public final class HostileModelFiles {

    private HostileModelFiles() {}

    /** {@code source} with its {@code tessera.config} changed by {@code edit}, tensors untouched. */
    public static Path withConfig(Path source, Path target, Consumer<ObjectNode> edit) throws IOException {
        SafetensorsFile read = SafetensorsReader.read(source);
        Map<String, String> metadata = new TreeMap<>(read.metadata());
        ObjectNode config = (ObjectNode) StrictJson.mapper().readTree(metadata.get(ModelMetadata.CONFIG_KEY));
        edit.accept(config);
        metadata.put(ModelMetadata.CONFIG_KEY, config.toString());
        SafetensorsWriter.write(target, read.tensors(), metadata);
        return target;
    }

    /** {@code source} with the raw text of its {@code tessera.config} replaced. */
    public static Path withConfigText(Path source, Path target, String configJson) throws IOException {
        SafetensorsFile read = SafetensorsReader.read(source);
        Map<String, String> metadata = new TreeMap<>(read.metadata());
        metadata.put(ModelMetadata.CONFIG_KEY, configJson);
        SafetensorsWriter.write(target, read.tensors(), metadata);
        return target;
    }

    /** {@code source} with every value of tensor {@code name} set to {@code value} (NaN, infinity). */
    public static Path withTensorFilled(Path source, Path target, String name, float value) throws IOException {
        SafetensorsFile read = SafetensorsReader.read(source);
        List<TensorData> tensors = new ArrayList<>();
        for (TensorData t : read.tensors()) {
            if (t.name().equals(name)) {
                ByteBuffer bytes = ByteBuffer.allocate((int) t.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
                while (bytes.hasRemaining()) {
                    bytes.putFloat(value);
                }
                t = TensorData.of(name, SafetensorsDType.F32, t.shape(), bytes.array());
            }
            tensors.add(t);
        }
        SafetensorsWriter.write(target, tensors, read.metadata());
        return target;
    }

    /**
     * A sparse file: a header with {@code source}'s metadata declaring F32 tensors of
     * {@code elements} each (named {@code big.0}, {@code big.1}, …), and a data section that is only
     * a hole. It takes a few kilobytes on disk whatever it declares.
     */
    public static Path sparse(Path source, Path target, long... elements) throws IOException {
        Map<String, String> metadata = SafetensorsReader.readMetadata(source);
        StringBuilder header = new StringBuilder("{\"__metadata__\":").append(StrictJson.mapper().writeValueAsString(metadata));
        long offset = 0;
        for (int i = 0; i < elements.length; i++) {
            long end = offset + 4 * elements[i];
            header.append(",\"big.").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[").append(elements[i])
                    .append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
            file.setLength(0);
            byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array();
            file.write(length);
            file.write(json);
            file.setLength(8 + json.length + offset);
        }
        return target;
    }
}
