package dev.tessera.compression;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.compression.int4.UnetQuantization;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.nn.Int4Runtime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Compresses a U-Net expert (docs/ensemble.md) into INT4 weights ({@link UnetQuantization} says which): an
 * ordinary "unet" model file that {@link UnetModel#load} opens in either INT4 runtime, so generation,
 * ensembles and {@code inspect} take it like any expert. Pruning and distillation cover ACDiT only.
 */
public final class UnetCompressor {

    private UnetCompressor() {}

    /** Whether {@code file}'s header names a U-Net model. */
    public static boolean isUnet(Path file) throws ModelFileException {
        return UnetModel.KIND.equals(SafetensorsReader.readMetadata(file).get("tessera.model"));
    }

    /**
     * Writes {@code source} with INT4 weights into {@code out}, which must not exist. The metadata is the
     * source's (config, training provenance) without its measured metrics, which described the original,
     * plus the INT4 settings and {@link ModelCompressor#SOURCE_KEY} / {@link ModelCompressor#RECIPE_KEY}.
     */
    public static CompressionResult compress(ModelCompressor.Source source, Path out, CompressionOptions options)
            throws ModelFileException {
        if (options.prunes()) {
            throw new IllegalArgumentException("pruning and distillation cover ACDiT models only; " + source.file()
                    + " is a U-Net expert: compress it with --int4 alone");
        }
        Int4Quantizer quantizer = options.int4().orElseThrow(() -> new IllegalArgumentException(
                "nothing to do to the U-Net " + source.file() + ": give --int4"));
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " already exists; choose another --out");
        }
        SafetensorsFile read = SafetensorsReader.read(source.file());
        if (!UnetModel.KIND.equals(read.metadata().get("tessera.model"))) {
            throw new ModelFileException(source.file(), "is not a U-Net model (model kind: "
                    + read.metadata().get("tessera.model") + ")");
        }
        Optional<Int4Weights.Settings> held = Int4Weights.settings(read);
        if (held.isPresent()) {
            throw new IllegalArgumentException(source.file() + " already holds INT4 weights (groups of "
                    + held.get().group() + ", " + held.get().scheme().id() + "); compress its full-precision original");
        }
        read.requireFinite();
        List<TensorData> tensors = UnetQuantization.quantize(read.tensors(), quantizer);
        int packed = (int) tensors.stream().filter(t -> t.name().endsWith(Int4Weights.QWEIGHT)).count();
        if (packed == 0) {
            throw new IllegalArgumentException("no weight of " + source.file() + " splits into INT4 groups of "
                    + quantizer.settings().group() + "; try --group 32");
        }
        String recipe = options.describe() + String.format(Locale.ROOT, "; %d of the stages' weight matrices", packed);
        Map<String, String> metadata = new TreeMap<>(read.metadata());
        metadata.keySet().removeIf(key -> key.startsWith("tessera.metric."));
        metadata.put(ModelCompressor.SOURCE_KEY, source.file().getFileName() + " (" + source.hash() + ")");
        metadata.put(ModelCompressor.RECIPE_KEY, recipe + "; by commit " + source.gitCommit());
        metadata.putAll(quantizer.settings().metadata());
        SafetensorsWriter.write(out, tensors, metadata);
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel original = UnetModel.load(source.file(), manager);
                UnetModel stored = UnetModel.load(out, manager, Int4Runtime.DEQUANTIZE_PER_LAYER)) {
            return new CompressionResult(out, recipe, original.parameters().elementCount(),
                    CompressionInfo.of(out).parameters(), size(source.file()), size(out),
                    original.parameters().byteCount(), stored.parameters().byteCount(), List.of(), Optional.empty(),
                    Optional.empty(), List.of());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
