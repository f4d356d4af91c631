package dev.tessera.generation.modelfile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves tensors between model files and DJL. Bytes are copied in both directions, so a
 * {@link TensorData} never points into native memory that may be freed.
 */
public final class NDArrayTensors {

    private NDArrayTensors() {}

    /** Copies an array's bytes into a file tensor. BF16 and other unsupported types are refused. */
    public static TensorData toTensor(String name, NDArray array) {
        DataType type = array.getDataType();
        SafetensorsDType dtype = SafetensorsDType.of(type)
                .orElseThrow(() -> new IllegalArgumentException(
                        "tensor '" + name + "' has data type " + type + " which model files do not store"));
        ByteBuffer native_ = array.toByteBuffer().order(ByteOrder.nativeOrder());
        ByteBuffer little = ByteBuffer.allocate(native_.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copyToOrder(native_, little, dtype.byteSize());
        little.flip();
        return new TensorData(name, dtype, array.getShape().getShape(), little);
    }

    /** Creates an array owned by {@code manager} holding a copy of the tensor's bytes. */
    public static NDArray toNDArray(TensorData tensor, NDManager manager) {
        DataType type = tensor.dtype().djlType()
                .orElseThrow(() -> new IllegalArgumentException(
                        "tensor '" + tensor.name() + "' is " + tensor.dtype() + ", which cannot become an NDArray"));
        ByteBuffer direct = ByteBuffer.allocateDirect((int) tensor.byteLength()).order(ByteOrder.nativeOrder());
        copyToOrder(tensor.data(), direct, tensor.dtype().byteSize());
        direct.flip();
        NDArray array = manager.create(direct, new Shape(tensor.shape()), type);
        array.setName(tensor.name());
        return array;
    }

    /**
     * Overwrites {@code target}'s values in place with the tensor's bytes (bit-exact), keeping the
     * array object, its manager and its gradient flag. Dtype and shape must match, except that an F16
     * tensor fills an F32 array (exactly: every half is a float). It copies through
     * {@link #overwrite}, not {@code NDArray.set(Buffer)}, whose native side enters PyTorch's
     * deprecated {@code AutoNonVariableTypeMode} and prints its deprecation warning on every run.
     */
    public static void copyInto(TensorData tensor, NDArray target) {
        DataType type = tensor.dtype().djlType().orElse(null);
        // Weights stored in half precision (to halve a file) widen exactly into the model's F32 arrays.
        boolean widen = type == DataType.FLOAT16 && target.getDataType() == DataType.FLOAT32;
        if (type != target.getDataType() && !widen) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' is " + tensor.dtype()
                    + " but the target array is " + target.getDataType());
        }
        if (!java.util.Arrays.equals(tensor.shape(), target.getShape().getShape())) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' has shape "
                    + new Shape(tensor.shape()) + " but the target array has " + target.getShape());
        }
        ByteBuffer direct = ByteBuffer.allocateDirect((int) tensor.byteLength()).order(ByteOrder.nativeOrder());
        copyToOrder(tensor.data(), direct, tensor.dtype().byteSize());
        direct.flip();
        try (NDArray stored = target.getManager().create(direct, target.getShape(), type)) {
            if (!widen) {
                overwrite(target, stored);
                return;
            }
            try (NDArray wide = stored.toType(DataType.FLOAT32, false)) {
                overwrite(target, wide);
            }
        }
    }

    /**
     * Overwrites {@code target}'s values in place with {@code source}'s (same shape and dtype), bit for
     * bit: one tensor copy ({@code index_put_} over the whole array). A parameter that takes gradients
     * stops taking them for the copy: PyTorch refuses an in-place write to such a leaf whenever its
     * thread's grad mode is on (a gradient collector of an earlier run on the same thread leaves it so).
     */
    public static void overwrite(NDArray target, NDArray source) {
        boolean takesGradients = target.hasGradient();
        if (takesGradients) {
            target.setRequiresGradient(false);
        }
        try {
            target.set(new NDIndex("..."), source);
        } finally {
            if (takesGradients) {
                target.setRequiresGradient(true);
            }
        }
    }

    /** Saves named arrays and metadata as one safetensors file (atomically). */
    public static void save(Path file, Map<String, NDArray> arrays, ModelMetadata metadata) throws ModelFileException {
        List<TensorData> tensors = new ArrayList<>(arrays.size());
        try {
            arrays.forEach((name, array) -> tensors.add(toTensor(name, array)));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, e.getMessage(), e);
        }
        SafetensorsWriter.write(file, tensors, metadata.toMap());
    }

    /** Creates arrays on {@code manager} for every tensor of a read file, in name order. */
    public static Map<String, NDArray> load(SafetensorsFile file, NDManager manager) throws ModelFileException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try {
            for (TensorData tensor : file.tensors()) {
                out.put(tensor.name(), toNDArray(tensor, manager));
            }
        } catch (IllegalArgumentException e) {
            out.values().forEach(NDArray::close);
            throw new ModelFileException(file.source(), e.getMessage(), e);
        }
        return out;
    }

    /** Element-wise byte copy that turns words of {@code width} bytes from the source's order into the target's. */
    private static void copyToOrder(ByteBuffer source, ByteBuffer target, int width) {
        // duplicate() resets the order to big-endian, so compare the caller's buffer.
        boolean sameOrder = source.order() == target.order();
        ByteBuffer src = source.duplicate();
        if (width == 1 || sameOrder) {
            target.put(src);
            return;
        }
        byte[] word = new byte[width];
        while (src.hasRemaining()) {
            src.get(word);
            for (int i = width - 1; i >= 0; i--) {
                target.put(word[i]);
            }
        }
    }
}
