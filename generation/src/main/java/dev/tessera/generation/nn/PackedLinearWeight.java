package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.tessera.generation.modelfile.Int4Weights;

/**
 * A Dense layer's INT4 weight as stored ({@link Int4Weights}): codes [out, in / 2] U8, scales and
 * (asymmetric) zero codes [out, in / G]. {@link #dequantize} rebuilds the F32 [out, in] matrix.
 */
record PackedLinearWeight(NDArray codes, NDArray scales, NDArray zeros, long out, long in, long group) {

    /**
     * The F32 weight, computed as {@link Int4Weights.PackedMatrix#dequantize} does (bit for bit);
     * the result and its temporaries land on the codes' manager, so call inside an
     * {@link ai.djl.ndarray.NDScope}.
     */
    NDArray dequantize() {
        NDArray bytes = codes.toType(DataType.FLOAT32, false);
        NDArray low = bytes.mod(16);
        NDArray high = bytes.sub(low).div(16);
        NDArray code = NDArrays.stack(new NDList(low, high), 2).reshape(out, in / group, group);
        NDArray centred = zeros == null
                ? code.sub(Int4Weights.SYMMETRIC_ZERO)
                : code.sub(zeros.toType(DataType.FLOAT32, false).expandDims(2));
        return centred.mul(scales.toType(DataType.FLOAT32, false).expandDims(2)).reshape(out, in);
    }
}
