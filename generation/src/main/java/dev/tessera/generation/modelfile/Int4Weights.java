package dev.tessera.generation.modelfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Group-wise INT4 weights in a model file (docs/model-files.md#int4-weights). A matrix {@code W}
 * [rows, columns] of layer {@code L} is stored instead of {@code L.weight} as
 * <ul>
 * <li>{@code L.qweight}: U8 [rows, columns / 2], two 4-bit codes a byte, element 2k in the low nibble;</li>
 * <li>{@code L.scales}: F16 or F32 [rows, columns / G], one step per group of G consecutive elements of a row;</li>
 * <li>{@code L.zeros}: U8 [rows, columns / G], the zero code of each group (asymmetric scheme only).</li>
 * </ul>
 * Element {@code W[r][c] = (code − zero) · scale[r][c / G]}, where the zero is 8 in the symmetric scheme.
 * The file's metadata names G and the scheme.
 */
public final class Int4Weights {

    public static final String QWEIGHT = ".qweight";
    public static final String SCALES = ".scales";
    public static final String ZEROS = ".zeros";
    public static final String GROUP_KEY = "tessera.int4.group";
    public static final String SCHEME_KEY = "tessera.int4.scheme";
    /** The code of zero in the symmetric scheme: codes 0..15 stand for −8..7 steps. */
    public static final int SYMMETRIC_ZERO = 8;

    /** How a group's codes map to values: symmetric around zero, or with a zero code of its own. */
    public enum Scheme {
        SYMMETRIC,
        ASYMMETRIC;

        /** The name in the file's metadata: "symmetric" or "asymmetric". */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Scheme> byId(String id) {
            for (Scheme scheme : values()) {
                if (scheme.id().equals(id)) {
                    return Optional.of(scheme);
                }
            }
            return Optional.empty();
        }
    }

    /** The file-wide settings: group size and scheme. */
    public record Settings(int group, Scheme scheme) {

        public Settings {
            if (group < 2 || group % 2 != 0) {
                throw new IllegalArgumentException("the INT4 group size must be an even number ≥ 2, was " + group);
            }
        }

        /** The metadata entries that declare these settings. */
        public Map<String, String> metadata() {
            return Map.of(GROUP_KEY, Integer.toString(group), SCHEME_KEY, scheme.id());
        }
    }

    /**
     * One packed matrix, checked: codes, scales and (asymmetric) zeros of the shapes its settings
     * imply, finite non-negative scales, zero codes in 0..15.
     */
    public record PackedMatrix(String layer, int rows, int columns, int group, TensorData qweight, TensorData scales,
            Optional<TensorData> zeros) {

        public int groups() {
            return columns / group;
        }

        /** The matrix in float, row-major. */
        public float[] dequantize() {
            float[] scale = scaleValues();
            byte[] zero = zeros.map(TensorData::bytes).orElse(null);
            byte[] codes = unpack(qweight.bytes());
            float[] out = new float[codes.length];
            for (int i = 0; i < codes.length; i++) {
                int g = (i / columns) * groups() + (i % columns) / group;
                int zeroCode = zero == null ? SYMMETRIC_ZERO : zero[g];
                out[i] = (codes[i] - zeroCode) * scale[g];
            }
            return out;
        }

        /** The scales as floats, [rows × groups] row-major. */
        public float[] scaleValues() {
            ByteBuffer data = scales.data();
            float[] out = new float[rows * groups()];
            for (int i = 0; i < out.length; i++) {
                out[i] = scales.dtype() == SafetensorsDType.F16 ? Float16.toFloat(data.getShort()) : data.getFloat();
            }
            return out;
        }

        /** The weight as the full-precision tensor it replaces, {@code <layer>.weight} F32 [rows, columns]. */
        public TensorData dequantizedTensor() {
            return dequantizedTensor(new long[] {rows, columns});
        }

        /**
         * As {@link #dequantizedTensor()}, in the model's own shape: a convolution's [out, in, k, k] weight is
         * stored as the matrix [out, in·k·k] of its rows (row-major, so the shape only regroups the columns).
         */
        public TensorData dequantizedTensor(long[] shape) {
            if (shape.length < 2 || shape[0] != rows || TensorData.elementCount(shape) != (long) rows * columns) {
                throw new IllegalArgumentException("INT4 layer '" + layer + "' is [" + rows + ", " + columns
                        + "], which cannot be the model's " + layer + ".weight " + java.util.Arrays.toString(shape));
            }
            float[] values = dequantize();
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            return new TensorData(layer + ".weight", SafetensorsDType.F32, shape.clone(), bytes);
        }
    }

    private Int4Weights() {}

    /** Two codes (0..15) a byte: code 2k in the low nibble, 2k + 1 in the high one. */
    public static byte[] pack(byte[] codes) {
        if (codes.length % 2 != 0) {
            throw new IllegalArgumentException("INT4 codes are packed in pairs; got " + codes.length);
        }
        byte[] packed = new byte[codes.length / 2];
        for (int k = 0; k < packed.length; k++) {
            int low = codes[2 * k], high = codes[2 * k + 1];
            if ((low & ~0xf) != 0 || (high & ~0xf) != 0) {
                throw new IllegalArgumentException("INT4 codes are 0..15; got " + low + " and " + high + " at " + 2 * k);
            }
            packed[k] = (byte) (low | high << 4);
        }
        return packed;
    }

    /** The codes of packed bytes, two a byte, low nibble first. */
    public static byte[] unpack(byte[] packed) {
        byte[] codes = new byte[packed.length * 2];
        for (int k = 0; k < packed.length; k++) {
            codes[2 * k] = (byte) (packed[k] & 0xf);
            codes[2 * k + 1] = (byte) ((packed[k] >>> 4) & 0xf);
        }
        return codes;
    }

    /** The file's INT4 settings, empty for a full-precision file; both keys or neither must be present. */
    public static Optional<Settings> settings(SafetensorsFile file) throws ModelFileException {
        return settings(file.source(), file.metadata());
    }

    /** As {@link #settings(SafetensorsFile)}, from metadata read alone (for listing models). */
    public static Optional<Settings> settings(java.nio.file.Path source, Map<String, String> metadata)
            throws ModelFileException {
        String group = metadata.get(GROUP_KEY);
        String scheme = metadata.get(SCHEME_KEY);
        if (group == null && scheme == null) {
            return Optional.empty();
        }
        if (group == null || scheme == null) {
            throw new ModelFileException(source, "names INT4 weights with only one of " + GROUP_KEY + " and "
                    + SCHEME_KEY);
        }
        Scheme parsed = Scheme.byId(scheme).orElseThrow(() -> new ModelFileException(source,
                SCHEME_KEY + " is '" + scheme + "', not symmetric or asymmetric"));
        try {
            return Optional.of(new Settings(Integer.parseInt(group), parsed));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, GROUP_KEY + " is '" + group + "': " + e.getMessage(), e);
        }
    }

    /** Every packed matrix of the file by layer name, checked; empty for a full-precision file. */
    public static Map<String, PackedMatrix> packedMatrices(SafetensorsFile file) throws ModelFileException {
        Map<String, TensorData> tensors = file.tensorsByName();
        List<String> layers = new ArrayList<>();
        tensors.keySet().stream().filter(n -> n.endsWith(QWEIGHT))
                .forEach(n -> layers.add(n.substring(0, n.length() - QWEIGHT.length())));
        Optional<Settings> settings = settings(file);
        if (layers.isEmpty() != settings.isEmpty()) {
            throw new ModelFileException(file.source(), settings.isEmpty()
                    ? "holds INT4 weights (" + layers.get(0) + QWEIGHT + ") but its metadata has no " + GROUP_KEY
                    : "declares INT4 weights (" + GROUP_KEY + ") but holds no " + QWEIGHT + " tensor");
        }
        Map<String, PackedMatrix> out = new LinkedHashMap<>();
        for (String layer : layers) {
            try {
                out.put(layer, matrix(layer, tensors, settings.orElseThrow()));
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(file.source(), "INT4 layer '" + layer + "': " + e.getMessage(), e);
            }
        }
        for (String name : tensors.keySet()) {
            boolean part = name.endsWith(SCALES) || name.endsWith(ZEROS);
            String layer = part ? name.substring(0, name.lastIndexOf('.')) : null;
            if (part && !out.containsKey(layer)) {
                throw new ModelFileException(file.source(), "holds '" + name + "' without '" + layer + QWEIGHT + "'");
            }
        }
        return out;
    }

    /** The file with every packed matrix replaced by its F32 {@code <layer>.weight}: a full-precision model file. */
    public static SafetensorsFile dequantized(SafetensorsFile file) throws ModelFileException {
        return dequantized(file, weight -> null);
    }

    /**
     * As {@link #dequantized(SafetensorsFile)}, each weight in the shape {@code modelShape} gives for its
     * name ({@code <layer>.weight}; null keeps the stored matrix's [rows, columns]): how a convolution's
     * 4-D weight comes back.
     */
    public static SafetensorsFile dequantized(SafetensorsFile file, java.util.function.Function<String, long[]> modelShape)
            throws ModelFileException {
        Map<String, PackedMatrix> packed = packedMatrices(file);
        if (packed.isEmpty()) {
            return file;
        }
        List<TensorData> tensors = new ArrayList<>();
        for (TensorData tensor : file.tensors()) {
            String name = tensor.name();
            boolean part = name.endsWith(QWEIGHT) || name.endsWith(SCALES) || name.endsWith(ZEROS);
            if (!part) {
                tensors.add(tensor);
            }
        }
        for (PackedMatrix matrix : packed.values()) {
            long[] shape = modelShape.apply(matrix.layer() + ".weight");
            try {
                tensors.add(shape == null ? matrix.dequantizedTensor() : matrix.dequantizedTensor(shape));
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(file.source(), e.getMessage(), e);
            }
        }
        tensors.sort(java.util.Comparator.comparing(TensorData::name));
        return new SafetensorsFile(file.source(), tensors, file.metadata());
    }

    private static PackedMatrix matrix(String layer, Map<String, TensorData> tensors, Settings settings) {
        TensorData qweight = tensors.get(layer + QWEIGHT);
        TensorData scales = tensors.get(layer + SCALES);
        TensorData zeros = tensors.get(layer + ZEROS);
        if (tensors.containsKey(layer + ".weight")) {
            throw new IllegalArgumentException("holds both " + layer + ".weight and its INT4 form");
        }
        if (qweight.dtype() != SafetensorsDType.U8 || qweight.shape().length != 2) {
            throw new IllegalArgumentException("codes must be U8 [rows, columns / 2], are " + qweight.dtype()
                    + java.util.Arrays.toString(qweight.shape()));
        }
        long rows = qweight.shape()[0];
        long columns = 2 * qweight.shape()[1];
        int group = settings.group();
        if (columns % group != 0) {
            throw new IllegalArgumentException(columns + " columns are not whole groups of " + group);
        }
        long[] groupShape = {rows, columns / group};
        if (scales == null || (scales.dtype() != SafetensorsDType.F16 && scales.dtype() != SafetensorsDType.F32)
                || !java.util.Arrays.equals(scales.shape(), groupShape)) {
            throw new IllegalArgumentException("needs scales F16 or F32 " + java.util.Arrays.toString(groupShape)
                    + ", has " + (scales == null ? "none" : scales.dtype() + java.util.Arrays.toString(scales.shape())));
        }
        boolean asymmetric = settings.scheme() == Scheme.ASYMMETRIC;
        if (asymmetric != (zeros != null)) {
            throw new IllegalArgumentException(asymmetric ? "the asymmetric scheme needs " + layer + ZEROS
                    : "the symmetric scheme has no zeros, but " + layer + ZEROS + " is present");
        }
        if (zeros != null) {
            if (zeros.dtype() != SafetensorsDType.U8 || !java.util.Arrays.equals(zeros.shape(), groupShape)) {
                throw new IllegalArgumentException("needs zeros U8 " + java.util.Arrays.toString(groupShape) + ", has "
                        + zeros.dtype() + java.util.Arrays.toString(zeros.shape()));
            }
            for (byte zero : zeros.bytes()) {
                if ((zero & ~0xf) != 0) {
                    throw new IllegalArgumentException("a zero code is " + (zero & 0xff) + ", outside 0..15");
                }
            }
        }
        PackedMatrix matrix = new PackedMatrix(layer, Math.toIntExact(rows), Math.toIntExact(columns), group, qweight,
                scales, Optional.ofNullable(zeros));
        for (float scale : matrix.scaleValues()) {
            if (!(scale >= 0) || Float.isInfinite(scale)) {
                throw new IllegalArgumentException("a scale is " + scale + "; scales must be finite and ≥ 0");
            }
        }
        return matrix;
    }
}
