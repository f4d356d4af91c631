package dev.tessera.generation.modelfile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validated contents of one safetensors file: its tensors (in name order) and raw metadata. */
public record SafetensorsFile(Path source, List<TensorData> tensors, Map<String, String> metadata) {

    public SafetensorsFile {
        tensors = List.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }

    public Optional<TensorData> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Tensors by name, in name order. */
    public Map<String, TensorData> tensorsByName() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        tensors.forEach(t -> out.put(t.name(), t));
        return out;
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
        try {
            return modelMetadata().config(type);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, e.getMessage(), e);
        }
    }

    /** As {@link #config(Class)}, with defaults for fields older files lack ({@link ModelMetadata#config(Class, Map)}). */
    public <T> T config(Class<T> type, Map<String, ?> absentFields) throws ModelFileException {
        try {
            return modelMetadata().config(type, absentFields);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, e.getMessage(), e);
        }
    }
}
