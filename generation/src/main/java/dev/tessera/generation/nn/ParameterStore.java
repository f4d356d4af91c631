package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.modelfile.DeclaredTensor;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsHeader;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.NDArrayTensors;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A model's named parameters, in the order they were added, living on one long-lived manager that
 * this store owns. Model code keeps references to the arrays: loading and copying overwrite values
 * in place, so those references stay valid.
 */
public final class ParameterStore implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final Map<String, Int4Weights.PackedMatrix> packedLayers;

    private ParameterStore(NDManager manager, Map<String, Int4Weights.PackedMatrix> packedLayers) {
        this.manager = manager;
        this.packedLayers = Map.copyOf(packedLayers);
    }

    /** An empty store on a new sub-manager of {@code parent}; closing the store frees its arrays. */
    public static ParameterStore create(NDManager parent) {
        return create(parent, Map.of());
    }

    /**
     * An empty store whose Dense layers named in {@code packedLayers} keep their weights as INT4,
     * packed as the file stores them ({@link Int4Runtime#DEQUANTIZE_PER_LAYER}): they add the
     * file's {@code .qweight}, {@code .scales} (and {@code .zeros}) tensors instead of {@code .weight}.
     */
    public static ParameterStore create(NDManager parent, Map<String, Int4Weights.PackedMatrix> packedLayers) {
        return new ParameterStore(parent.newSubManager(), packedLayers);
    }

    /**
     * Adds the packed weight of Dense layer {@code layer} [out, in] if this store holds it as INT4;
     * empty when the layer's weight is full precision.
     */
    Optional<PackedLinearWeight> addPacked(String layer, long out, long in) {
        Int4Weights.PackedMatrix matrix = packedLayers.get(layer);
        if (matrix == null) {
            return Optional.empty();
        }
        if (matrix.rows() != out || matrix.columns() != in) {
            throw new IllegalArgumentException("INT4 layer '" + layer + "' is [" + matrix.rows() + ", "
                    + matrix.columns() + "] but the model's is [" + out + ", " + in + "]");
        }
        NDArray codes = add(layer + Int4Weights.QWEIGHT, m -> m.zeros(new Shape(out, in / 2), DataType.UINT8));
        DataType scaleType = matrix.scales().dtype().djlType().orElseThrow();
        NDArray scales = add(layer + Int4Weights.SCALES, m -> m.zeros(new Shape(out, matrix.groups()), scaleType));
        NDArray zeros = matrix.zeros().isEmpty() ? null
                : add(layer + Int4Weights.ZEROS, m -> m.zeros(new Shape(out, matrix.groups()), DataType.UINT8));
        return Optional.of(new PackedLinearWeight(codes, scales, zeros, out, in, matrix.group()));
    }

    /** Adds a copy of {@code initial} under {@code name} and returns the stored array. */
    public NDArray add(String name, NDArray initial) {
        if (name.isEmpty() || parameters.containsKey(name)) {
            throw new IllegalArgumentException("parameter name '" + name + "' is empty or already used");
        }
        NDArray stored = initial.duplicate();
        stored.attach(manager);
        stored.setName(name);
        parameters.put(name, stored);
        return stored;
    }

    /** Adds an array created by {@code factory} on this store's manager (e.g. {@code m -> m.zeros(shape)}). */
    public NDArray add(String name, Function<NDManager, NDArray> factory) {
        try (NDManager scratch = manager.newSubManager()) {
            return add(name, factory.apply(scratch));
        }
    }

    public NDArray get(String name) {
        NDArray array = parameters.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return array;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(parameters.keySet());
    }

    /** Name → array in insertion order; read-only view. */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(parameters);
    }

    public int size() {
        return parameters.size();
    }

    /** Total number of scalar values. */
    public long elementCount() {
        return parameters.values().stream().mapToLong(NDArray::size).sum();
    }

    /** Bytes the values take in memory (packed INT4 weights at half a byte a weight, plus their scales). */
    public long byteCount() {
        return parameters.values().stream().mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }

    public NDManager manager() {
        return manager;
    }

    /** A new store on a sub-manager of {@code parent} with the same names and copied values. */
    public ParameterStore copy(NDManager parent) {
        ParameterStore copy = create(parent);
        parameters.forEach(copy::add);
        return copy;
    }

    /** A new store with the same names and shapes, filled with zeros (e.g. optimizer moments). */
    public ParameterStore zerosLike(NDManager parent) {
        ParameterStore zeros = create(parent);
        parameters.forEach((name, array) -> zeros.add(name, m -> m.zeros(array.getShape(), array.getDataType())));
        return zeros;
    }

    /** Overwrites every value with {@code other}'s (same names and shapes), bit for bit. */
    public void copyValuesFrom(ParameterStore other) {
        checkSameLayout(other.parameters);
        parameters.forEach((name, array) ->
                NDArrayTensors.copyInto(NDArrayTensors.toTensor(name, other.get(name)), array));
    }

    /**
     * Overwrites the values {@code other} holds, bit for bit; each of its names must exist here with
     * the same shape. Parameters {@code other} lacks keep their values.
     */
    public void copyValuesFromSubset(ParameterStore other) {
        other.parameters.forEach((name, array) -> {
            NDArray mine = parameters.get(name);
            if (mine == null) {
                throw new IllegalArgumentException("no parameter '" + name + "' to copy into");
            }
            NDArrayTensors.copyInto(NDArrayTensors.toTensor(name, array), mine);
        });
    }

    /** Overwrites every value from tensors named {@code prefix + name}; all must be present with matching shapes. */
    public void loadValues(Map<String, TensorData> tensors, String prefix) {
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            TensorData tensor = tensors.get(prefix + entry.getKey());
            if (tensor == null) {
                throw new IllegalArgumentException("missing tensor '" + prefix + entry.getKey() + "'");
            }
            NDArrayTensors.copyInto(tensor, entry.getValue());
        }
    }

    /** The values as file tensors named {@code prefix + name}. */
    public Map<String, TensorData> toTensors(String prefix) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        parameters.forEach((name, array) -> out.put(prefix + name, NDArrayTensors.toTensor(prefix + name, array)));
        return out;
    }

    /** Saves the parameters as a model file (atomic). */
    public void save(Path file, ModelMetadata metadata) throws ModelFileException {
        NDArrayTensors.save(file, parameters, metadata);
    }

    /**
     * Loads values saved by {@link #save} into this store, in place. The file must hold exactly this
     * store's names and shapes.
     */
    public void load(Path file) throws ModelFileException {
        load(SafetensorsReader.read(file));
    }

    /** As {@link #load(Path)}, from a file already read (model loaders read it once for config and weights). */
    public void load(SafetensorsFile read) throws ModelFileException {
        Map<String, TensorData> tensors = read.tensorsByName();
        if (!tensors.keySet().equals(parameters.keySet())) {
            throw new ModelFileException(read.source(), "holds parameters " + tensors.keySet() + " but the model has "
                    + parameters.keySet());
        }
        try {
            loadValues(tensors, "");
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(read.source(), e.getMessage(), e);
        }
    }

    /**
     * Checks a file's declared tensors against this store's names, shapes and F32 type (or F16, which
     * loading widens to F32), before any tensor is read.
     */
    public void requireLayoutOf(SafetensorsHeader header) throws ModelFileException {
        if (!header.tensors().keySet().equals(parameters.keySet())) {
            java.util.Set<String> extra = new java.util.TreeSet<>(header.tensors().keySet());
            extra.removeAll(parameters.keySet());
            java.util.Set<String> missing = new java.util.TreeSet<>(parameters.keySet());
            missing.removeAll(header.tensors().keySet());
            throw new ModelFileException(header.source(), "holds tensors the model does not have " + extra
                    + " and lacks " + missing);
        }
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            DeclaredTensor declared = header.tensors().get(entry.getKey());
            long[] shape = entry.getValue().getShape().getShape();
            if (!declared.is(SafetensorsDType.F32, shape) && !declared.is(SafetensorsDType.F16, shape)) {
                throw new ModelFileException(header.source(), "tensor '" + entry.getKey() + "' is "
                        + declared.describe() + " but the model's is F32" + java.util.Arrays.toString(shape)
                        + " (stored as F32 or F16)");
            }
        }
    }

    private void checkSameLayout(Map<String, NDArray> other) {
        if (!other.keySet().equals(parameters.keySet())) {
            throw new IllegalArgumentException("parameter names differ: " + other.keySet() + " vs " + parameters.keySet());
        }
        other.forEach((name, array) -> {
            Shape expected = parameters.get(name).getShape();
            if (!expected.equals(array.getShape())) {
                throw new IllegalArgumentException("parameter '" + name + "' has shape " + array.getShape()
                        + ", expected " + expected);
            }
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
