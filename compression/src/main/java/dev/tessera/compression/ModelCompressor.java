package dev.tessera.compression;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.distill.LayerUpdates;
import dev.tessera.compression.int4.AcditQuantization;
import dev.tessera.compression.prune.CalibrationSet;
import dev.tessera.compression.prune.Contribution;
import dev.tessera.compression.prune.ContributionAnalysis;
import dev.tessera.compression.prune.EpsilonError;
import dev.tessera.compression.prune.PrunedModels;
import dev.tessera.compression.prune.PruningPlan;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.sampling.RecommendedSampling;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.train.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compresses an ACDiT model file into another (docs/compression.md): contribution analysis,
 * hierarchical position pruning to a budget, sensitivity-guided distillation, INT4 weights. The
 * result is an ordinary ACDiT model file.
 */
public final class ModelCompressor {

    /** Metadata keys of a compressed model: where it came from and what was done. */
    public static final String SOURCE_KEY = "tessera.compression.source";
    public static final String RECIPE_KEY = "tessera.compression.recipe";
    /** A narrowed model's MLP width before and after: its config alone cannot say it was narrowed. */
    public static final String NARROWED_KEY = "tessera.compression.narrowed";
    /** Seed of the calibration set's draw. */
    public static final long CALIBRATION_SEED = 20261211L;

    /** Hears what compression is doing. */
    public interface Listener {
        Listener NONE = new Listener() {};

        default void phase(String what) {}

        default void contribution(Contribution contribution) {}

        /** The progress listener of the distillation steps (closed when they end). */
        default ProgressListener distillation() {
            return ProgressListener.NONE;
        }
    }

    /** The source model: its file, a short hash naming it, the commit doing the compression. */
    public record Source(Path file, String hash, String gitCommit) {}

    private ModelCompressor() {}

    /**
     * Compresses {@code source} into {@code out}, which must not exist yet.
     *
     * @param examplesFor the training images for a model of the given architecture, which distillation and
     *                    the calibration set draw from
     */
    public static CompressionResult compress(Source source, Path out, CompressionOptions options,
            Function<AcditConfig, TrainingExamples> examplesFor, Listener listener, CancellationToken stop)
            throws ModelFileException {
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " already exists; choose another --out");
        }
        Map<String, String> sourceMetadata = SafetensorsReader.readMetadata(source.file());
        Optional<Int4Weights.Settings> int4 = Int4Weights.settings(source.file(), sourceMetadata);
        if (int4.isPresent()) {
            throw new IllegalArgumentException(source.file() + " already holds INT4 weights (groups of "
                    + int4.get().group() + ", " + int4.get().scheme().id() + "); compress its full-precision original");
        }
        try (NDManager manager = OfflineEngine.newManager(); AcditModel original = AcditModel.load(source.file(), manager)) {
            if (options.prunes() && original.config().isPruned()) {
                throw new IllegalArgumentException(source.file() + " is already pruned (" + original.config().removed()
                        + "); prune its whole original");
            }
            listener.phase("calibration set: " + options.calibrationItems() + " training images");
            TrainingExamples examples = examplesFor.apply(original.config());
            EpsilonError error = new EpsilonError(CalibrationSet.draw(examples, original.config().layout(),
                    options.calibrationItems(), CALIBRATION_SEED), original);
            List<CompressionResult.Stage> stages = new ArrayList<>();
            List<Contribution> contributions = List.of();
            Optional<PruningPlan> plan = Optional.empty();
            Optional<Distiller.Result> distilled = Optional.empty();
            AcditModel student = original;
            if (options.prunes()) {
                listener.phase("contribution analysis: each layer, attention, MLP and adaLN removed in turn");
                contributions = ContributionAnalysis.measure(original, error, listener::contribution);
                PruningPlan chosen = options.plan().plan(original.config(), options.prune(), contributions);
                plan = Optional.of(chosen);
                listener.phase(String.format(Locale.ROOT, "pruning %s (%s plan): %.1f %% of the parameters%s",
                        chosen.describe(), options.plan().id(), 100 * chosen.removedFraction(), chosen.narrows() ? ""
                                : String.format(Locale.ROOT, ", the parts' own ε-errors summing to %.4f",
                                        chosen.summedError(contributions))));
                student = PrunedModels.prune(original, chosen.pruned(), error.calibration(), manager);
                stages.add(new CompressionResult.Stage("pruned", error.of(student)));
                if (options.distill().isPresent()) {
                    LayerUpdates updates = LayerUpdates.of(chosen, options.preserve(), options.scaling(),
                            layerSensitivity(contributions));
                    listener.phase("distilling from the original" + (options.preserve()
                            ? ", layers 0.." + (updates.firstTrained() - 1) + " and the embeddings frozen" : ""));
                    distilled = Optional.of(new Distiller(original, student, examples, updates, options.distillation())
                            .run(options.distill().get(), listener.distillation(), stop));
                    stages.add(new CompressionResult.Stage("distilled", error.of(student)));
                }
            }
            listener.phase("writing " + out);
            String recipe = write(source, out, original, student, options, distilled);
            long weightsAfter;
            try (AcditModel stored = AcditModel.load(out, manager);
                    AcditModel packed = AcditModel.load(out, manager, Int4Runtime.DEQUANTIZE_PER_LAYER)) {
                stages.add(new CompressionResult.Stage("stored", error.of(stored)));
                weightsAfter = packed.parameters().byteCount();
            }
            return new CompressionResult(out, recipe, original.parameters().elementCount(),
                    student.parameters().elementCount(), size(source.file()), size(out),
                    original.parameters().byteCount(), weightsAfter, contributions, plan, distilled, stages);
        }
    }

    /**
     * Writes {@code student} (pruned or distilled from {@code original}, or the original itself) into
     * {@code out} as a compressed model file: its weights, INT4 when {@code options} say so, and metadata
     * saying where it came from and what was done. The studio's wizard writes its models here too.
     *
     * @return the recipe recorded in the file
     */
    public static String write(Source source, Path out, AcditModel original, AcditModel student,
            CompressionOptions options, Optional<Distiller.Result> distilled) throws ModelFileException {
        String recipe = recipe(options, distilled);
        List<TensorData> tensors = new ArrayList<>(student.parameters().toTensors("").values());
        Map<String, String> extra = new TreeMap<>(Map.of(SOURCE_KEY, source.file().getFileName() + " (" + source.hash() + ")",
                RECIPE_KEY, recipe));
        if (options.int4().isPresent()) {
            tensors = AcditQuantization.quantize(tensors, options.int4().get());
            extra.putAll(options.int4().get().settings().metadata());
        }
        // A few-step student still samples the way it was distilled to after pruning or INT4.
        Map<String, String> sourceMetadata = SafetensorsReader.readMetadata(source.file());
        String sampling = sourceMetadata.get(RecommendedSampling.KEY);
        if (sampling != null) {
            extra.put(RecommendedSampling.KEY, sampling);
        }
        // Narrowed here, or earlier (the source is a narrowed student being packed as INT4).
        if (student.config().mlpRatio() < original.config().mlpRatio()) {
            extra.put(NARROWED_KEY, narrowed(original.config(), student.config()));
        } else if (sourceMetadata.containsKey(NARROWED_KEY)) {
            extra.put(NARROWED_KEY, sourceMetadata.get(NARROWED_KEY));
        }
        AcditModel.save(out, tensors, student.config(), provenance(original, source), extra);
        return recipe;
    }

    /** "768 → 384 hidden units in every layer's MLP" (training/distill.py writes the same). */
    static String narrowed(AcditConfig whole, AcditConfig narrowed) {
        return whole.width() * whole.mlpRatio() + " → " + narrowed.width() * narrowed.mlpRatio()
                + " hidden units in every layer's MLP";
    }

    /** The ε-error of removing each layer whole: how sensitive the model is to it. */
    public static Map<Integer, Double> layerSensitivity(List<Contribution> contributions) {
        Map<Integer, Double> out = new TreeMap<>();
        contributions.stream().filter(c -> c.part().part() == LayerPart.LAYER)
                .forEach(c -> out.put(c.part().layer(), c.epsilonError()));
        return out;
    }

    private static String recipe(CompressionOptions options, Optional<Distiller.Result> distilled) {
        return options.describe() + distilled.map(r -> String.format(Locale.ROOT, "; %d distillation steps in %.1f min%s",
                r.steps(), r.elapsed().toMillis() / 60_000.0, r.stoppedEarly() ? ", stopped early" : "")).orElse("");
    }

    /** The original's data, steps and seed, dated now; its measured metrics described the original, so they stay behind. */
    private static Provenance provenance(AcditModel original, Source source) {
        Provenance from = original.provenance();
        String dataset = (from == null ? "unknown" : from.dataset()) + "; compressed from "
                + source.file().getFileName() + " (" + source.hash() + ")";
        return new Provenance(dataset, from == null ? 0 : from.steps(), from == null ? 0 : from.seed(), Instant.now(),
                source.gitCommit(), Map.of());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
