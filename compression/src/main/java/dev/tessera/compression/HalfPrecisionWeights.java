package dev.tessera.compression;

import dev.tessera.generation.modelfile.Float16;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Rewrites a model file of any kind with its F32 weights stored as F16 (or back): half the bytes on disk,
 * the same tensors, shapes and metadata. Loaders widen F16 weights to F32 exactly, so a half-precision
 * file computes with each weight rounded to the nearest half, nothing else. Other element types (integer
 * tables; INT4 codes and scales on the way to F16) are copied as they are. Back to F32, an INT4 file's
 * matrices are expanded too (what loading it computes with), so that tools that read only full-precision
 * files, such as the PyTorch twin, can start from it; a U-Net's are not, as only the U-Net knows the shapes
 * its convolutions' rows fold back into.
 */
public final class HalfPrecisionWeights {

    /** Metadata key saying how the weights are stored, e.g. "F16 (rounded from F32, nearest even)". */
    public static final String STORAGE_KEY = "tessera.storage";

    /** The element type the file's floating-point weights are written in. */
    public enum Target { F16, F32 }

    private HalfPrecisionWeights() {}

    /**
     * Writes {@code source}'s weights as {@code target} into {@code out} (atomic; {@code out} must not exist).
     *
     * @return how many tensors changed type (an expanded INT4 matrix counts as one)
     * @throws ModelFileException when the source cannot be read, holds non-finite weights or a weight beyond
     *                            F16's range, or the output cannot be written
     */
    public static int convert(Path source, Path out, Target target) throws ModelFileException {
        if (Files.exists(out)) {
            throw new ModelFileException(out, "already exists; name a new file (nothing was changed)");
        }
        SafetensorsFile read = SafetensorsReader.read(source);
        read.requireFinite();
        Optional<Int4Weights.Settings> int4 = target == Target.F32 ? Int4Weights.settings(read) : Optional.empty();
        int expanded = 0;
        if (int4.isPresent()) {
            if (UnetCompressor.isUnet(source)) {
                throw new ModelFileException(source, "holds a U-Net's INT4 weights, which only the U-Net can fold back "
                        + "into its convolutions' shapes; --to f32 expands INT4 ACDiT files (the app opens this one as it is)");
            }
            expanded = (int) read.tensors().stream().filter(t -> t.name().endsWith(Int4Weights.QWEIGHT)).count();
            read = Int4Weights.dequantized(read); // checks every packed matrix
        }
        SafetensorsDType from = target == Target.F16 ? SafetensorsDType.F32 : SafetensorsDType.F16;
        List<TensorData> tensors = new ArrayList<>();
        int changed = 0;
        for (TensorData tensor : read.tensors()) {
            if (tensor.dtype() != from) {
                tensors.add(tensor);
                continue;
            }
            try {
                tensors.add(target == Target.F16 ? toHalf(tensor) : toSingle(tensor));
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(source, "tensor '" + tensor.name() + "': " + e.getMessage(), e);
            }
            changed++;
        }
        Map<String, String> metadata = new LinkedHashMap<>(read.metadata());
        if (target == Target.F16) {
            metadata.put(STORAGE_KEY, "F16 (rounded from F32, nearest even)");
        } else {
            metadata.remove(STORAGE_KEY);
        }
        int4.ifPresent(settings -> {
            metadata.keySet().removeAll(settings.metadata().keySet());
            metadata.put(STORAGE_KEY, String.format(Locale.ROOT, "F32 (expanded from INT4, groups of %d, %s)",
                    settings.group(), settings.scheme().id()));
        });
        SafetensorsWriter.write(out, tensors, metadata);
        return changed + expanded;
    }

    static TensorData toHalf(TensorData tensor) {
        ByteBuffer floats = tensor.data().order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) (tensor.byteLength() / 4);
        ByteBuffer halves = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            halves.putShort(Float16.nearest(floats.getFloat(4 * i)));
        }
        return TensorData.of(tensor.name(), SafetensorsDType.F16, tensor.shape(), halves.array());
    }

    static TensorData toSingle(TensorData tensor) {
        ByteBuffer halves = tensor.data().order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) (tensor.byteLength() / 2);
        ByteBuffer floats = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            floats.putFloat(Float16.toFloat(halves.getShort(2 * i)));
        }
        return TensorData.of(tensor.name(), SafetensorsDType.F32, tensor.shape(), floats.array());
    }
}
