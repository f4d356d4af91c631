package dev.tessera.compression;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.compression.int4.UnetQuantization;
import dev.tessera.compression.prune.PlanKind;
import dev.tessera.compression.unet.UnetBlockUpdates;
import dev.tessera.compression.unet.UnetCalibrationSet;
import dev.tessera.compression.unet.UnetContribution;
import dev.tessera.compression.unet.UnetContributionAnalysis;
import dev.tessera.compression.unet.UnetDistiller;
import dev.tessera.compression.unet.UnetEpsilonError;
import dev.tessera.compression.unet.UnetPruning;
import dev.tessera.compression.unet.UnetPruningPlan;
import dev.tessera.compression.unet.UnetTrainingImages;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.train.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compresses a U-Net expert (docs/compression.md#u-net-experts): contribution analysis of its ResBlocks and
 * attentions, hierarchical position pruning to a parameter budget ({@link UnetPruningPlan}), distillation of
 * the pruned student from the whole expert ({@link UnetDistiller}), INT4 weights ({@link UnetQuantization} says
 * which). The result is an ordinary "unet" model file that {@link UnetModel#load} opens in either INT4 runtime,
 * so generation, ensembles and {@code inspect} take it like any expert.
 */
public final class UnetCompressor {

    /** Hears what compression is doing. */
    public interface Listener {
        Listener NONE = new Listener() {};

        default void phase(String what) {}

        default void contribution(UnetContribution contribution) {}

        /** The progress listener of the distillation steps (closed when they end). */
        default ProgressListener distillation() {
            return ProgressListener.NONE;
        }
    }

    private UnetCompressor() {}

    /** Whether {@code file}'s header names a U-Net model. */
    public static boolean isUnet(Path file) throws ModelFileException {
        return UnetModel.KIND.equals(SafetensorsReader.readMetadata(file).get("tessera.model"));
    }

    /**
     * {@link #compress(ModelCompressor.Source, Path, CompressionOptions, Function, Listener, CancellationToken)} for
     * options that do not prune (INT4 alone, or nothing: a copy of the weights and config).
     */
    public static CompressionResult compress(ModelCompressor.Source source, Path out, CompressionOptions options)
            throws ModelFileException {
        return compress(source, out, options, model -> {
            throw new IllegalArgumentException("pruning a U-Net needs its training images");
        }, Listener.NONE, CancellationToken.none());
    }

    /**
     * Writes {@code source} compressed as {@code options} say into {@code out}, which must not exist. The
     * metadata is the source's (training provenance, storage) without its measured metrics, which described
     * the original, with the pruned config where pruning removed blocks, plus the INT4 settings and
     * {@link ModelCompressor#SOURCE_KEY} / {@link ModelCompressor#RECIPE_KEY}. Weights are stored in the
     * source's floating-point type (F16 for the shipped experts) before any INT4. Options that neither prune nor
     * quantize write the source's tensors and config unchanged.
     *
     * @param examplesFor the training images the calibration set and distillation draw from, for the loaded
     *                    original (its own style's: see {@link UnetTrainingImages})
     */
    public static CompressionResult compress(ModelCompressor.Source source, Path out, CompressionOptions options,
            Function<UnetModel, TrainingExamples> examplesFor, Listener listener, CancellationToken stop)
            throws ModelFileException {
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " already exists; choose another --out");
        }
        if (options.plan() != PlanKind.POSITION) {
            throw new IllegalArgumentException("--plan " + options.plan().id() + " is for ACDiT models: a U-Net expert's"
                    + " plan already takes its cheapest blocks, within the fewest position groups from the last");
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
        try (NDManager manager = OfflineEngine.newManager(); UnetModel original = UnetModel.load(source.file(), manager)) {
            if (options.prunes() && original.config().isPruned()) {
                throw new IllegalArgumentException(source.file() + " is already pruned (" + original.config().removed()
                        + "); prune its whole original");
            }
            Optional<Pruned> pruned = options.prunes()
                    ? Optional.of(prune(original, read, examplesFor.apply(original), options, listener, stop, manager))
                    : Optional.empty();
            UnetConfig config = pruned.map(Pruned::config).orElse(original.config());
            List<TensorData> tensors = pruned.map(Pruned::tensors).orElse(read.tensors());
            List<CompressionResult.Stage> stages = new ArrayList<>(pruned.map(Pruned::stages).orElse(List.of()));
            Optional<Distiller.Result> distilled = pruned.flatMap(Pruned::distilled);
            String recipe = options.describe() + pruned.map(Pruned::recipe).orElse("");
            Map<String, String> metadata = new TreeMap<>(read.metadata());
            metadata.keySet().removeIf(key -> key.startsWith("tessera.metric."));
            if (config.isPruned()) { // a whole network's config stays as the source wrote it
                metadata.put(ModelMetadata.CONFIG_KEY, ModelMetadata.of(config, null).configJson().orElseThrow());
            }
            if (options.int4().isPresent()) {
                Int4Quantizer quantizer = options.int4().get();
                tensors = UnetQuantization.quantize(tensors, quantizer);
                int packed = (int) tensors.stream().filter(t -> t.name().endsWith(Int4Weights.QWEIGHT)).count();
                if (packed == 0) {
                    throw new IllegalArgumentException("no weight of " + source.file() + " splits into INT4 groups of "
                            + quantizer.settings().group() + "; try --group 32");
                }
                recipe += String.format(Locale.ROOT, "; %d of the stages' weight matrices", packed);
                metadata.putAll(quantizer.settings().metadata());
            }
            metadata.put(ModelCompressor.SOURCE_KEY, source.file().getFileName() + " (" + source.hash() + ")");
            metadata.put(ModelCompressor.RECIPE_KEY, recipe + "; by commit " + source.gitCommit());
            listener.phase("writing " + out);
            SafetensorsWriter.write(out, tensors, metadata);
            try (UnetModel stored = UnetModel.load(out, manager);
                    UnetModel packed = UnetModel.load(out, manager, Int4Runtime.DEQUANTIZE_PER_LAYER)) {
                if (pruned.isPresent()) {
                    stages.add(new CompressionResult.Stage("stored", pruned.get().error().of(stored)));
                }
                return new CompressionResult(out, recipe, original.parameters().elementCount(),
                        stored.parameters().elementCount(), size(source.file()), size(out),
                        original.parameters().byteCount(), packed.parameters().byteCount(), List.of(), Optional.empty(),
                        distilled, stages);
            }
        }
    }

    /**
     * What pruning (and distillation) made: the student's architecture and weights as they will be stored, the
     * ε-error after each stage, and what to add to the recipe.
     */
    private record Pruned(UnetConfig config, List<TensorData> tensors, UnetEpsilonError error,
            List<CompressionResult.Stage> stages, Optional<Distiller.Result> distilled, String recipe) {}

    /** Analyses the whole {@code original}, prunes it to the options' budget and distils the student when they say so. */
    private static Pruned prune(UnetModel original, SafetensorsFile read, TrainingExamples examples,
            CompressionOptions options, Listener listener, CancellationToken stop, NDManager manager) {
        UnetConfig whole = original.config();
        listener.phase("calibration set: " + options.calibrationItems() + " training images");
        UnetEpsilonError error = new UnetEpsilonError(UnetCalibrationSet.draw(examples, whole.imageSize(),
                options.calibrationItems(), ModelCompressor.CALIBRATION_SEED), original);
        listener.phase("contribution analysis: each ResBlock and attention removed in turn");
        List<UnetContribution> contributions = UnetContributionAnalysis.measure(original, error, listener::contribution);
        UnetPruningPlan plan = UnetPruningPlan.toBudget(whole, options.prune(), contributions);
        listener.phase(String.format(Locale.ROOT, "pruning %s (from %s): %.1f %% of the parameters",
                String.join(", ", plan.removed()), String.join(", ", plan.window()), 100 * plan.removedFraction()));
        List<CompressionResult.Stage> stages = new ArrayList<>();
        Optional<Distiller.Result> distilled = Optional.empty();
        try (UnetModel student = UnetPruning.prune(original, plan.pruned(), manager)) {
            stages.add(new CompressionResult.Stage("pruned", error.of(student)));
            if (options.distill().isPresent()) {
                UnetBlockUpdates updates = UnetBlockUpdates.of(plan.pruned(), options.preserve(), options.scaling(),
                        contributions);
                listener.phase("distilling from the original"
                        + (options.preserve() ? ", " + updates.frozenDescription() + " frozen" : ""));
                distilled = Optional.of(new UnetDistiller(original, student, examples, updates, options.distillation())
                        .run(options.distill().get(), listener.distillation(), stop));
                stages.add(new CompressionResult.Stage("distilled", error.of(student)));
            }
            String recipe = "; removed " + String.join(", ", plan.removed()) + distilled.map(r -> String.format(
                    Locale.ROOT, "; %d distillation steps in %.1f min%s", r.steps(), r.elapsed().toMillis() / 60_000.0,
                    r.stoppedEarly() ? ", stopped early" : "")).orElse("");
            return new Pruned(plan.pruned(), storedLike(read, student), error, stages, distilled, recipe);
        }
    }

    /** The student's weights in the element type the source stored them in (F16 for the shipped experts). */
    private static List<TensorData> storedLike(SafetensorsFile source, UnetModel student) {
        Map<String, SafetensorsDType> types = new TreeMap<>();
        source.tensors().forEach(t -> types.put(t.name(), t.dtype()));
        List<TensorData> out = new ArrayList<>();
        for (TensorData tensor : student.parameters().toTensors("").values()) {
            SafetensorsDType type = types.get(tensor.name());
            out.add(type == SafetensorsDType.F16 && tensor.dtype() == SafetensorsDType.F32
                    ? HalfPrecisionWeights.toHalf(tensor) : tensor);
        }
        return out;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
