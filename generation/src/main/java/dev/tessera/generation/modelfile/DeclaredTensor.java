package dev.tessera.generation.modelfile;

import java.util.Arrays;
import java.util.Objects;

/** A tensor as a file's header declares it, before any of its bytes are read: name, dtype and shape. */
public record DeclaredTensor(String name, SafetensorsDType dtype, long[] shape) {

    public DeclaredTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Bytes the tensor takes (the header parser has checked that this does not overflow). */
    public long byteLength() {
        return TensorData.elementCount(shape) * dtype.byteSize();
    }

    /** Whether this is {@code dtype} with exactly {@code expected} as its shape. */
    public boolean is(SafetensorsDType expectedType, long... expected) {
        return dtype == expectedType && Arrays.equals(shape, expected);
    }

    /** As the header would say it, e.g. {@code F32[128, 384]}. */
    public String describe() {
        return dtype + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeclaredTensor that && name.equals(that.name) && dtype == that.dtype
                && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + " " + describe();
    }
}
