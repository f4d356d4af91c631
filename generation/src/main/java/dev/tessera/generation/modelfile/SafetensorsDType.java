package dev.tessera.generation.modelfile;

import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/**
 * Element types a Tessera model file may hold, named as in the safetensors header. BF16 is kept as
 * raw bytes only: the PyTorch engine aborts the JVM when asked to create BF16 arrays.
 */
public enum SafetensorsDType {
    F64(8, DataType.FLOAT64),
    F32(4, DataType.FLOAT32),
    F16(2, DataType.FLOAT16),
    BF16(2, null),
    I64(8, DataType.INT64),
    I32(4, DataType.INT32),
    I8(1, DataType.INT8),
    U8(1, DataType.UINT8),
    BOOL(1, DataType.BOOLEAN);

    private final int byteSize;
    private final DataType djlType;

    SafetensorsDType(int byteSize, DataType djlType) {
        this.byteSize = byteSize;
        this.djlType = djlType;
    }

    public int byteSize() {
        return byteSize;
    }

    /** The DJL type arrays of this dtype convert to, empty when the conversion is not allowed. */
    public Optional<DataType> djlType() {
        return Optional.ofNullable(djlType);
    }

    /** Looks a header name up exactly (safetensors names are case-sensitive). */
    public static Optional<SafetensorsDType> byName(String name) {
        for (SafetensorsDType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<SafetensorsDType> of(DataType djlType) {
        for (SafetensorsDType type : values()) {
            if (type.djlType == djlType) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
