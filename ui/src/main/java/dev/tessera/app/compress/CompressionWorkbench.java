package dev.tessera.app.compress;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.compression.CompressionOptions;
import dev.tessera.compression.CompressionResult;
import dev.tessera.compression.ModelCompressor;
import dev.tessera.compression.distill.DistillationBudget;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.distill.LayerUpdates;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.compression.measure.InterleavedLatency;
import dev.tessera.compression.prune.CalibrationSet;
import dev.tessera.compression.prune.Contribution;
import dev.tessera.compression.prune.ContributionAnalysis;
import dev.tessera.compression.prune.EpsilonError;
import dev.tessera.compression.prune.PrunedModels;
import dev.tessera.compression.prune.PlanKind;
import dev.tessera.compression.prune.PruningPlan;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.eval.ModelImages;
import dev.tessera.generation.metrics.PairedPsnr;
import dev.tessera.generation.metrics.PixelRange;
import dev.tessera.generation.metrics.PsnrSummary;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.train.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One model taken through compression a step at a time, as the studio's wizard does it: the
 * contribution analysis, a pruning plan for a budget, the pruned model distilled (or not), then a
 * compressed file written (INT4 or not) and compared with the original on the same seeds. Each step
 * can run again with other settings; what a step made stays until a step before it runs again. The
 * steps block and are meant for one background thread; the ones that take long take a
 * {@link CancellationToken}, and a cancelled step throws {@link CancellationException} and leaves the
 * results of the steps before it as they were. Nothing here touches the user's models until
 * {@link #candidate()} is saved by the caller.
 */
public final class CompressionWorkbench implements AutoCloseable {

    /** Calibration images by default: one to two minutes of loading and analysis for the bundled default model on 2 busy cores. */
    public static final int DEFAULT_CALIBRATION_ITEMS = 32;
    /** Distillation minutes by default: a few minutes on 2 cores. */
    public static final double DEFAULT_DISTILL_MINUTES = 2;
    /** Interleaved timing rounds of the comparison. */
    public static final int LATENCY_ROUNDS = 3;
    /** What the comparison renders with both models: one prompt per image, each with its own seed and style. */
    public static final List<EvalPrompt> SAMPLE_PROMPTS = List.of(
            sample("grinning face", EmojiStyle.GOOGLE, 1), sample("red heart", EmojiStyle.TWITTER, 2),
            sample("cat face", EmojiStyle.GOOGLE, 3), sample("rocket", EmojiStyle.TWITTER, 4),
            sample("sun with face", EmojiStyle.GOOGLE, 5), sample("thumbs up", EmojiStyle.TWITTER, 6));

    private final ModelCompressor.Source source;
    private final NDManager manager;
    private final AcditModel original;
    private final TrainingExamples examples;
    private final EpsilonError error;
    private final Path work;
    private final int calibrationItems;
    private List<Contribution> contributions = List.of();
    private Optional<Pruning> plan = Optional.empty();
    private AcditModel student;
    private Optional<Distiller.Result> distilled = Optional.empty();
    private DistillationSettings distillation;
    private final List<CompressionResult.Stage> studentStages = new ArrayList<>();
    private ImageSet originalImages;
    private Path candidate;
    private int candidates;

    /** A pruning plan with the budget it was made for. */
    public record Pruning(double budget, PlanKind kind, PruningPlan plan) {}

    /** How the student was distilled, for the recipe; {@code budget} empty when it was not. */
    public record DistillationSettings(Optional<DistillationBudget> budget, boolean preserve, UpdateScaling scaling) {}

    private CompressionWorkbench(ModelCompressor.Source source, NDManager manager, AcditModel original,
            TrainingExamples examples, EpsilonError error, Path work, int calibrationItems) {
        this.calibrationItems = calibrationItems;
        this.source = source;
        this.manager = manager;
        this.original = original;
        this.examples = examples;
        this.error = error;
        this.work = work;
    }

    /**
     * Checks and loads {@code source.file()} and draws its calibration set of {@code calibrationItems}
     * training images.
     *
     * @throws IllegalArgumentException naming the file and the reason when the wizard cannot compress it: not
     *                                  an ACDiT model (U-Net experts are not supported yet), INT4 weights already,
     *                                  already pruned, or a calibration size the data cannot give
     */
    public static CompressionWorkbench open(ModelCompressor.Source source, int calibrationItems,
            Function<AcditConfig, TrainingExamples> examplesFor) throws ModelFileException, IOException {
        Path file = source.file();
        Map<String, String> metadata = SafetensorsReader.readMetadata(file);
        String kind = metadata.getOrDefault("tessera.model", "unknown");
        if (kind.equals("unet")) {
            throw new IllegalArgumentException(file.getFileName() + " is a U-Net expert: the wizard compresses ACDiT"
                    + " models only (the analysis, pruning and distillation are ACDiT's; docs/compression.md). Choose an"
                    + " ACDiT model.");
        }
        if (!kind.equals(AcditModel.KIND)) {
            throw new IllegalArgumentException(file.getFileName() + " is a '" + kind + "' model, not an ACDiT model;"
                    + " only ACDiT models can be compressed.");
        }
        Optional<Int4Weights.Settings> int4 = Int4Weights.settings(file, metadata);
        if (int4.isPresent()) {
            throw new IllegalArgumentException(file.getFileName() + " already holds INT4 weights (groups of "
                    + int4.get().group() + ", " + int4.get().scheme().id() + "): compress its full-precision original.");
        }
        if (calibrationItems < 1) {
            throw new IllegalArgumentException("The calibration set needs at least 1 image, not " + calibrationItems + ".");
        }
        NDManager manager = OfflineEngine.newManager();
        AcditModel original = null;
        Path work = null;
        try {
            original = AcditModel.load(file, manager);
            if (original.config().isPruned()) {
                throw new IllegalArgumentException(file.getFileName() + " is already pruned ("
                        + original.config().removed().size() + " parts removed): compress its whole original.");
            }
            TrainingExamples examples = examplesFor.apply(original.config());
            if (calibrationItems > examples.size()) {
                throw new IllegalArgumentException("The calibration set can hold at most " + examples.size()
                        + " images (the training split), not " + calibrationItems + ".");
            }
            EpsilonError error = new EpsilonError(CalibrationSet.draw(examples, original.config().layout(),
                    calibrationItems, ModelCompressor.CALIBRATION_SEED), original);
            work = Files.createTempDirectory("tessera-compress-");
            return new CompressionWorkbench(source, manager, original, examples, error, work, calibrationItems);
        } catch (IOException | RuntimeException e) {
            if (original != null) {
                original.close();
            }
            manager.close();
            throw e;
        }
    }

    public Path source() {
        return source.file();
    }

    public AcditConfig config() {
        return original.config();
    }

    public long parameters() {
        return original.parameters().elementCount();
    }

    public int calibrationItems() {
        return calibrationItems;
    }

    /** The parts the analysis removes in turn, in order. */
    public int analysisParts() {
        return ContributionAnalysis.candidates(original.config()).size();
    }

    public List<Contribution> contributions() {
        return contributions;
    }

    /**
     * Measures every part's contribution, telling {@code each} as it goes.
     *
     * @throws CancellationException when {@code stop} is cancelled (checked after each part); the previous
     *                               analysis, if any, is kept
     */
    public List<Contribution> analyse(Consumer<Contribution> each, CancellationToken stop) {
        int total = analysisParts();
        int[] done = {0};
        checkCancelled(stop, "the contribution analysis was cancelled before it started");
        List<Contribution> measured = ContributionAnalysis.measure(original, error, c -> {
            each.accept(c);
            done[0]++;
            checkCancelled(stop, String.format(Locale.ROOT,
                    "the contribution analysis was cancelled after %d of %d parts", done[0], total));
        });
        contributions = List.copyOf(measured);
        plan = Optional.empty();
        dropStudent();
        return contributions;
    }

    /** The plan that removes at least {@code budget} of the parameters, later layers first; 0 plans no pruning. */
    public Optional<Pruning> plan(double budget) {
        return plan(budget, PlanKind.POSITION);
    }

    /**
     * The plan that removes at least {@code budget} of the parameters, the {@code kind} way; 0 plans no pruning.
     *
     * @throws IllegalArgumentException for a budget outside 0 or (0, 0.9], before an analysis, or when the
     *                                  budget asks for more than the layers hold
     */
    public Optional<Pruning> plan(double budget, PlanKind kind) {
        if (budget == 0) {
            return Optional.empty();
        }
        if (!(budget > 0 && budget <= PruningPlan.MAX_BUDGET)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "The pruning budget must be 0 (no pruning) or"
                    + " a fraction in (0, %.1f], not %s.", PruningPlan.MAX_BUDGET, budget));
        }
        if (contributions.isEmpty()) {
            throw new IllegalArgumentException("Run the contribution analysis first: the plan needs it.");
        }
        return Optional.of(new Pruning(budget, kind, kind.plan(original.config(), budget, contributions)));
    }

    /**
     * Makes the student of {@code chosen} (no plan: the original as it is) and, with a budget, distils it
     * from the original. The student replaces the previous one only when this step finishes.
     *
     * @throws CancellationException when {@code stop} is cancelled while distilling; the previous student stays
     */
    public Optional<Distiller.Result> distil(Optional<Pruning> chosen, DistillationSettings settings,
            ProgressListener progress, CancellationToken stop) {
        if (chosen.isEmpty()) {
            if (settings.budget().isPresent()) {
                throw new IllegalArgumentException("Distillation trains a pruned model towards its original:"
                        + " choose a pruning budget above 0 first.");
            }
            dropStudent();
            plan = Optional.empty();
            distillation = settings;
            return Optional.empty();
        }
        PruningPlan pruning = chosen.get().plan();
        checkCancelled(stop, "distillation was cancelled before it started");
        AcditModel pruned = PrunedModels.prune(original, pruning.pruned(), error.calibration(), manager);
        try {
            List<CompressionResult.Stage> stages = new ArrayList<>();
            stages.add(new CompressionResult.Stage("pruned", error.of(pruned)));
            Optional<Distiller.Result> result = Optional.empty();
            if (settings.budget().isPresent()) {
                LayerUpdates updates = LayerUpdates.of(pruning, settings.preserve(), settings.scaling(),
                        ModelCompressor.layerSensitivity(contributions));
                Distiller.Result r = new Distiller(original, pruned, examples, updates, Distiller.Options.defaults())
                        .run(settings.budget().get(), progress, stop);
                if (stop.isCancelled()) {
                    throw new CancellationException(String.format(Locale.ROOT,
                            "distillation was cancelled after %d steps", r.steps()));
                }
                result = Optional.of(r);
                stages.add(new CompressionResult.Stage("distilled", error.of(pruned)));
            }
            dropStudent();
            student = pruned;
            plan = chosen;
            distilled = result;
            distillation = settings;
            studentStages.addAll(stages);
            return result;
        } catch (RuntimeException e) {
            pruned.close();
            throw e;
        }
    }

    /** Whether {@link #distil} has made the model that {@link #compare} writes. */
    public boolean hasStudent() {
        return distillation != null;
    }

    /**
     * Writes the compressed file (the student, as INT4 when {@code int4} is given) and compares it with the
     * original: parameters, file size, weights in memory and seconds per image with its INT4 weights held
     * as {@code runtime}, the ε-error after each stage, and paired PSNR of {@link #SAMPLE_PROMPTS} rendered
     * by both with the same seeds.
     *
     * @throws CancellationException when {@code stop} is cancelled; the previous comparison's file is kept
     */
    public Comparison compare(Optional<Int4Quantizer> int4, Int4Runtime runtime, int stepsPerBlock,
            Consumer<String> phase, CancellationToken stop) throws ModelFileException, IOException {
        if (distillation == null) {
            throw new IllegalStateException("Choose the pruning and distillation first.");
        }
        if (plan.isEmpty() && int4.isEmpty()) {
            throw new IllegalArgumentException("Nothing to compress: choose a pruning budget above 0, INT4 weights,"
                    + " or both.");
        }
        CompressionOptions options = new CompressionOptions(plan.map(Pruning::budget).orElse(0.0),
                distillation.budget(), distillation.preserve(), distillation.scaling(), int4, calibrationItems(),
                Distiller.Options.defaults(), plan.map(Pruning::kind).orElse(PlanKind.POSITION));
        Path file = work.resolve("candidate-" + ++candidates + ".safetensors");
        phase.accept("writing the compressed model");
        String recipe = ModelCompressor.write(source, file, original, student == null ? original : student, options,
                distilled);
        boolean done = false;
        try (NDManager m = manager.newSubManager(); AcditModel stored = AcditModel.load(file, m, runtime)) {
            List<CompressionResult.Stage> stages = new ArrayList<>(studentStages);
            stages.add(new CompressionResult.Stage("stored", error.of(stored)));
            AcditGuidance guidance = new AcditGuidance(GenerationRequest.DEFAULT_GUIDANCE,
                    GenerationRequest.DEFAULT_STYLE_STRENGTH);
            if (originalImages == null || originalImages.prompts().size() != SAMPLE_PROMPTS.size()) {
                phase.accept("rendering " + SAMPLE_PROMPTS.size() + " samples with the original");
                originalImages = ModelImages.generate(original, SAMPLE_PROMPTS, stepsPerBlock, guidance,
                        SamplerKind.DPM_SOLVER_PP_2M, stop).clamped();
            }
            phase.accept("rendering the same " + SAMPLE_PROMPTS.size() + " samples with the compressed model");
            ImageSet images = ModelImages.generate(stored, SAMPLE_PROMPTS, stepsPerBlock, guidance,
                    SamplerKind.DPM_SOLVER_PP_2M, stop).clamped();
            PsnrSummary psnr = PairedPsnr.compare(imagesOf(originalImages), imagesOf(images), PixelRange.SIGNED_UNIT);
            phase.accept("timing both, " + LATENCY_ROUNDS + " interleaved rounds");
            double[] seconds = InterleavedLatency.medians(List.of(original, stored), LATENCY_ROUNDS, stepsPerBlock,
                    guidance, stop);
            checkCancelled(stop, "the comparison was cancelled");
            Comparison comparison = new Comparison(file, recipe, runtime,
                    new Comparison.Measures(original.parameters().elementCount(), Files.size(source.file()),
                            original.parameters().byteCount(), seconds[0]),
                    new Comparison.Measures((student == null ? original : student).parameters().elementCount(),
                            Files.size(file),
                            stored.parameters().byteCount(), seconds[1]),
                    stages, psnr, originalImages, images, LATENCY_ROUNDS);
            if (candidate != null) {
                Files.deleteIfExists(candidate);
            }
            candidate = file;
            done = true;
            return comparison;
        } catch (RuntimeException e) {
            throw stop.isCancelled() && !(e instanceof CancellationException)
                    ? new CancellationException("the comparison was cancelled") : e;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The file the last comparison wrote, ready to be saved into the model list. */
    public Optional<Path> candidate() {
        return Optional.ofNullable(candidate);
    }

    private static float[][] imagesOf(ImageSet set) {
        float[][] out = new float[set.count()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = set.image(i);
        }
        return out;
    }

    private void dropStudent() {
        if (student != null) {
            student.close();
            student = null;
        }
        distilled = Optional.empty();
        distillation = null;
        studentStages.clear();
    }

    private static void checkCancelled(CancellationToken stop, String what) {
        if (stop.isCancelled()) {
            throw new CancellationException(what);
        }
    }

    private static EvalPrompt sample(String prompt, EmojiStyle style, long seed) {
        return new EvalPrompt(prompt, style, prompt, "", true, seed);
    }

    /** Frees the models and deletes the files not saved. */
    @Override
    public void close() {
        dropStudent();
        original.close();
        manager.close();
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(work);
        } catch (IOException e) {
            // A temporary folder left behind holds nothing the user asked to keep.
        }
    }
}
