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

    /**
     * Refuses a file whose floating-point tensors hold NaN or infinity, naming the first such tensor:
     * such weights render a black picture and say nothing. Costs one pass over the weights.
     */
    public void requireFinite() throws ModelFileException {
        for (TensorData tensor : tensors) {
            long at = firstNonFinite(tensor);
            if (at >= 0) {
                throw new ModelFileException(source, "tensor '" + tensor.name() + "' holds a non-finite value ("
                        + "NaN or infinity) at element " + at + "; the weights are broken");
            }
        }
    }

    /** Index of the first NaN or infinite element, or -1. */
    private static long firstNonFinite(TensorData tensor) {
        java.nio.ByteBuffer data = tensor.data();
        int n = (int) (tensor.byteLength() / tensor.dtype().byteSize());
        switch (tensor.dtype()) {
            case F32 -> {
                java.nio.FloatBuffer floats = data.asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(floats.get(i))) {
                        return i;
                    }
                }
            }
            case F64 -> {
                java.nio.DoubleBuffer doubles = data.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    if (!Double.isFinite(doubles.get(i))) {
                        return i;
                    }
                }
            }
            case F16, BF16 -> {
                int exponentMask = tensor.dtype() == SafetensorsDType.F16 ? 0x7c00 : 0x7f80;
                for (int i = 0; i < n; i++) {
                    if ((data.getShort(2 * i) & exponentMask) == exponentMask) {
                        return i;
                    }
                }
            }
            default -> { }
        }
        return -1;
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
