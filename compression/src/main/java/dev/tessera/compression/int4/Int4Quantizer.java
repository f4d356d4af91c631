package dev.tessera.compression.int4;

import dev.tessera.generation.modelfile.Float16;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.Int4Weights.PackedMatrix;
import dev.tessera.generation.modelfile.Int4Weights.Scheme;
import dev.tessera.generation.modelfile.Int4Weights.Settings;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Rounds a weight matrix to group-wise INT4 codes ({@link Int4Weights} describes the layout). Each
 * group of G consecutive elements of a row gets its own step:
 * <ul>
 * <li>symmetric: step s = amax / 7, code q = clamp(round(w / s), −8, 7), stored as q + 8;</li>
 * <li>asymmetric: the group's range widened to include 0, s = (max − min) / 15, zero code
 * z = round(−min / s), code q = clamp(round(w / s) + z, 0, 15).</li>
 * </ul>
 * Every element then dequantizes to within half a step of its value. A step stored as F16 is rounded
 * up, never down, so the largest element of a group still fits the code range.
 */
public final class Int4Quantizer {

    private final Settings settings;
    private final SafetensorsDType scaleType;

    public Int4Quantizer(Settings settings, SafetensorsDType scaleType) {
        if (scaleType != SafetensorsDType.F16 && scaleType != SafetensorsDType.F32) {
            throw new IllegalArgumentException("INT4 scales are F16 or F32, not " + scaleType);
        }
        this.settings = settings;
        this.scaleType = scaleType;
    }

    public Settings settings() {
        return settings;
    }

    /** Whether a matrix of {@code columns} splits into whole groups (and whole bytes of codes). */
    public boolean fits(long columns) {
        return columns % settings.group() == 0;
    }

    /**
     * Quantizes the weight tensor {@code <layer>.weight}, F32 or F16 (widened exactly), of rank ≥ 2, read as the
     * matrix [shape[0], product of the rest] of its rows: a convolution's [out, in, k, k] as [out, in·k·k].
     */
    public PackedMatrix quantize(TensorData weight) {
        String name = weight.name();
        long[] shape = weight.shape();
        if (!name.endsWith(".weight") || shape.length < 2
                || (weight.dtype() != SafetensorsDType.F32 && weight.dtype() != SafetensorsDType.F16)) {
            throw new IllegalArgumentException("only an F32 or F16 weight '<layer>.weight' of rank ≥ 2 becomes INT4, not '"
                    + name + "' " + weight.dtype() + java.util.Arrays.toString(shape));
        }
        int count = Math.toIntExact(TensorData.elementCount(shape));
        float[] values = new float[count];
        ByteBuffer data = weight.data().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            values[i] = weight.dtype() == SafetensorsDType.F32 ? data.getFloat(4 * i) : Float16.toFloat(data.getShort(2 * i));
        }
        int rows = Math.toIntExact(shape[0]);
        return quantize(name.substring(0, name.length() - ".weight".length()), values, rows, count / rows);
    }

    /** The columns of {@code shape} read as a matrix of its rows: the product of every axis after the first. */
    public static long columns(long[] shape) {
        long columns = 1;
        for (int i = 1; i < shape.length; i++) {
            columns *= shape[i];
        }
        return columns;
    }

    /** Quantizes {@code weights} [rows, columns] (row-major) of Dense layer {@code layer}. */
    public PackedMatrix quantize(String layer, float[] weights, int rows, int columns) {
        if ((long) rows * columns != weights.length || !fits(columns)) {
            throw new IllegalArgumentException(layer + ": " + weights.length + " weights as [" + rows + ", " + columns
                    + "] do not split into groups of " + settings.group());
        }
        int group = settings.group();
        int groups = rows * (columns / group);
        boolean symmetric = settings.scheme() == Scheme.SYMMETRIC;
        byte[] codes = new byte[weights.length];
        float[] steps = new float[groups];
        byte[] zeros = new byte[groups];
        for (int g = 0; g < groups; g++) {
            int from = g * group;
            float low = 0, high = 0, amax = 0;
            for (int i = from; i < from + group; i++) {
                float w = weights[i];
                if (!Float.isFinite(w)) {
                    throw new IllegalArgumentException(layer + ": weight " + i + " is " + w);
                }
                low = Math.min(low, w);
                high = Math.max(high, w);
                amax = Math.max(amax, Math.abs(w));
            }
            float step = stored(symmetric ? amax / 7 : (high - low) / 15);
            int zero = symmetric ? Int4Weights.SYMMETRIC_ZERO
                    : step == 0 ? 0 : clamp((int) Math.round(-(double) low / step), 0, 15);
            for (int i = from; i < from + group; i++) {
                long q = step == 0 ? 0 : Math.round((double) weights[i] / step);
                codes[i] = (byte) clamp(q + zero, 0, 15);
            }
            steps[g] = step;
            zeros[g] = (byte) zero;
        }
        long[] groupShape = {rows, columns / group};
        TensorData qweight = TensorData.of(layer + Int4Weights.QWEIGHT, SafetensorsDType.U8,
                new long[] {rows, columns / 2}, Int4Weights.pack(codes));
        TensorData scales = new TensorData(layer + Int4Weights.SCALES, scaleType, groupShape, scaleBytes(steps));
        Optional<TensorData> zeroCodes = symmetric ? Optional.empty()
                : Optional.of(TensorData.of(layer + Int4Weights.ZEROS, SafetensorsDType.U8, groupShape, zeros));
        return new PackedMatrix(layer, rows, columns, group, qweight, scales, zeroCodes);
    }

    /** The step as the file will hold it: F32 as is, F16 rounded up. */
    private float stored(float step) {
        return scaleType == SafetensorsDType.F32 ? step : Float16.toFloat(Float16.ceil(step));
    }

    private ByteBuffer scaleBytes(float[] steps) {
        ByteBuffer bytes = ByteBuffer.allocate(steps.length * scaleType.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (float step : steps) {
            if (scaleType == SafetensorsDType.F32) {
                bytes.putFloat(step);
            } else {
                bytes.putShort(Float16.ceil(step)); // exact: step is already a half
            }
        }
        return bytes.flip();
    }

    private static int clamp(long value, int min, int max) {
        return (int) Math.max(min, Math.min(max, value));
    }
}
