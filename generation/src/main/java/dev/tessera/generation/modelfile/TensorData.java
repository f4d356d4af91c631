package dev.tessera.generation.modelfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor as it sits in a model file: dtype, shape and its raw little-endian bytes. It is
 * independent of any engine, so files can be checked and copied without native memory.
 */
public record TensorData(String name, SafetensorsDType dtype, long[] shape, ByteBuffer data) {

    public TensorData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        long elements = elementCount(shape);
        long expected = Math.multiplyExact(elements, (long) dtype.byteSize());
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' " + dtype + Arrays.toString(shape)
                    + " needs " + expected + " bytes but has " + data.remaining());
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(data.duplicate()).flip();
        data = copy.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Wraps raw little-endian bytes (copied). */
    public static TensorData of(String name, SafetensorsDType dtype, long[] shape, byte[] bytes) {
        return new TensorData(name, dtype, shape, ByteBuffer.wrap(bytes));
    }

    /** Number of elements; throws ArithmeticException when the product overflows a long. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension " + dim);
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A read-only little-endian view of the bytes; the position starts at zero. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public byte[] bytes() {
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return out;
    }

    public long byteLength() {
        return data.remaining();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorData that
                && name.equals(that.name)
                && dtype == that.dtype
                && Arrays.equals(shape, that.shape)
                && data.equals(that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), data);
    }

    @Override
    public String toString() {
        return "TensorData[" + name + " " + dtype + Arrays.toString(shape) + ", " + byteLength() + " bytes]";
    }
}
