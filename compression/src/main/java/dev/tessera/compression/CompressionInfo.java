package dev.tessera.compression;

import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.RemovedPart;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What compression a model file carries, read from the file: the parts pruning removed, its INT4
 * weights and how it was made.
 *
 * @param removed        the parts pruning removed, as labels: an ACDiT model's "layer 6 MLP", a U-Net's block
 *                       names ("up.0.res.2")
 * @param parameters     the model's weights counted as parameters (an INT4 matrix counts its elements, not
 *                       its scales)
 * @param narrowed       a narrowed model's MLP width before and after ({@link ModelCompressor#NARROWED_KEY})
 * @param packedMatrices how many matrices are stored as INT4
 */
public record CompressionInfo(List<String> removed, Optional<String> narrowed, Optional<Int4Weights.Settings> int4,
        int packedMatrices, long parameters, Optional<String> recipe, Optional<String> source) {

    public CompressionInfo {
        removed = List.copyOf(removed);
    }

    public static CompressionInfo of(Path file) throws ModelFileException {
        SafetensorsFile read = SafetensorsReader.read(file);
        Map<String, String> metadata = read.metadata();
        String kind = metadata.get("tessera.model");
        List<String> removed = "acdit".equals(kind)
                ? read.config(AcditConfig.class, AcditConfig.ABSENT_FIELDS).removed().stream().map(RemovedPart::label).toList()
                : UnetModel.KIND.equals(kind) ? read.config(UnetConfig.class).removed() : List.of();
        Map<String, Int4Weights.PackedMatrix> packed = Int4Weights.packedMatrices(read);
        long parameters = 0;
        for (TensorData tensor : read.tensors()) {
            String name = tensor.name();
            if (name.endsWith(Int4Weights.QWEIGHT)) {
                parameters += 2 * tensor.byteLength();
            } else if (!name.endsWith(Int4Weights.SCALES) && !name.endsWith(Int4Weights.ZEROS)) {
                parameters += TensorData.elementCount(tensor.shape());
            }
        }
        return new CompressionInfo(removed, Optional.ofNullable(metadata.get(ModelCompressor.NARROWED_KEY)),
                Int4Weights.settings(read), packed.size(), parameters,
                Optional.ofNullable(metadata.get(ModelCompressor.RECIPE_KEY)),
                Optional.ofNullable(metadata.get(ModelCompressor.SOURCE_KEY)));
    }

    public boolean compressed() {
        return !removed.isEmpty() || narrowed.isPresent() || int4.isPresent();
    }

    /** One line per fact, e.g. "INT4: 40 matrices in groups of 64, symmetric". */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "parameters: %,d", parameters));
        List<String> pruned = new ArrayList<>(removed);
        narrowed.ifPresent(n -> pruned.add("narrowed, " + n));
        lines.add("pruned: " + (pruned.isEmpty() ? "no" : String.join(", ", pruned)));
        lines.add("INT4: " + int4.map(s -> String.format(Locale.ROOT, "%d matrices in groups of %d, %s", packedMatrices,
                s.group(), s.scheme().id())).orElse("no"));
        recipe.ifPresent(r -> lines.add("recipe: " + r));
        source.ifPresent(s -> lines.add("compressed from: " + s));
        return lines;
    }
}
