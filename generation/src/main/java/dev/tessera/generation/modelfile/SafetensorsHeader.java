package dev.tessera.generation.modelfile;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A safetensors file's validated header: its metadata and the tensors it declares, with no tensor
 * byte read yet. Model loaders judge a file by this (kind, config, the tensors the config implies,
 * their total size) before they allocate anything, then read the tensors with
 * {@link SafetensorsReader#read(SafetensorsHeader)}.
 */
public final class SafetensorsHeader {

    private final Path source;
    private final long fileSize;
    private final long dataStart;
    private final List<TensorEntry> entries;
    private final Map<String, DeclaredTensor> tensors;
    private final Map<String, String> metadata;

    SafetensorsHeader(Path source, long fileSize, long dataStart, List<TensorEntry> entries,
            Map<String, String> metadata) {
        this.source = source;
        this.fileSize = fileSize;
        this.dataStart = dataStart;
        this.entries = List.copyOf(entries);
        Map<String, DeclaredTensor> byName = new TreeMap<>();
        entries.forEach(e -> byName.put(e.name(), new DeclaredTensor(e.name(), e.dtype(), e.shape())));
        this.tensors = Collections.unmodifiableMap(byName);
        this.metadata = Map.copyOf(metadata);
    }

    public Path source() {
        return source;
    }

    /** The declared tensors by name, in name order. */
    public Map<String, DeclaredTensor> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The bytes all tensors take together: what reading them costs in memory. */
    public long declaredBytes() {
        return entries.stream().mapToLong(TensorEntry::length).sum();
    }

    /** The largest single tensor, in bytes. */
    long largestTensorBytes() {
        return entries.stream().mapToLong(TensorEntry::length).max().orElse(0);
    }

    long fileSize() {
        return fileSize;
    }

    long dataStart() {
        return dataStart;
    }

    List<TensorEntry> entries() {
        return entries;
    }

    /** The typed metadata; a malformed provenance entry fails naming this file. */
    public ModelMetadata modelMetadata() throws ModelFileException {
        try {
            return ModelMetadata.fromMap(metadata);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, e.getMessage(), e);
        }
    }

    /** The model config parsed strictly into {@code type}; wrong or missing fields fail naming this file. */
    public <T> T config(Class<T> type) throws ModelFileException {
        return config(type, Map.of());
    }

    /**
     * The model config parsed strictly into {@code type}, with defaults for fields older files lack
     * ({@link ModelMetadata#config(Class, Map)}); wrong, missing or out-of-range fields fail naming
     * this file and the field.
     */
    public <T> T config(Class<T> type, Map<String, ?> absentFields) throws ModelFileException {
        try {
            return modelMetadata().config(type, absentFields);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, e.getMessage(), e);
        }
    }
}
