package dev.tessera.generation.modelfile;

import dev.tessera.generation.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes safetensors files deterministically: {@code __metadata__} first with sorted keys, then
 * tensors sorted by name with their bytes laid out in the same order, header padded with spaces so
 * the data starts at a multiple of 8. Writes are atomic.
 */
public final class SafetensorsWriter {

    static final int ALIGNMENT = 8;

    private SafetensorsWriter() {}

    public static void write(Path file, Collection<TensorData> tensors, Map<String, String> metadata)
            throws ModelFileException {
        List<ByteBuffer> chunks;
        try {
            chunks = chunks(tensors, metadata);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, e.getMessage(), e);
        }
        try {
            AtomicFiles.write(file, chunks);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be written: " + e, e);
        }
    }

    /**
     * The bytes of a file, in order: the length prefix with the header, then each tensor's data. For writers
     * that wrap the stream (the training-set export gzips it).
     *
     * @throws IllegalArgumentException for an empty, reserved or duplicate tensor name
     */
    public static List<ByteBuffer> chunks(Collection<TensorData> tensors, Map<String, String> metadata) {
        List<TensorData> sorted = sortedUnique(tensors);
        byte[] header = header(sorted, metadata);
        ByteBuffer headerAndPrefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        headerAndPrefix.putLong(header.length).put(header).flip();
        List<ByteBuffer> chunks = new ArrayList<>();
        chunks.add(headerAndPrefix);
        sorted.forEach(t -> chunks.add(t.data()));
        return chunks;
    }

    /** The padded header bytes (without the 8-byte length) for tensors already in name order. */
    static byte[] header(List<TensorData> sortedTensors, Map<String, String> metadata) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeaderParser.METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (TensorData tensor : sortedTensors) {
            ObjectNode entry = root.putObject(tensor.name());
            entry.put("dtype", tensor.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            for (long dim : tensor.shape()) {
                shape.add(dim);
            }
            entry.putArray("data_offsets").add(offset).add(offset + tensor.byteLength());
            offset += tensor.byteLength();
        }
        byte[] json;
        try {
            json = StrictJson.mapper().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("header cannot be written: " + e.getOriginalMessage(), e);
        }
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static List<TensorData> sortedUnique(Collection<TensorData> tensors) {
        List<TensorData> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparing(TensorData::name));
        for (int i = 0; i < sorted.size(); i++) {
            String name = sorted.get(i).name();
            if (name.isEmpty() || name.equals(SafetensorsHeaderParser.METADATA_KEY)) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
            if (i > 0 && sorted.get(i - 1).name().equals(name)) {
                throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
            }
        }
        return sorted;
    }
}
