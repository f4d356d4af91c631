package dev.tessera.app.ensemble;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelImportException;
import dev.tessera.app.models.ModelInstaller;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.AfaTraining;
import dev.tessera.ensemble.afa.AfaTrainingSpec;
import dev.tessera.ensemble.afa.AggregatorConfig;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.train.BatchSampling;
import dev.tessera.generation.train.Checkpoint;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.TrainingConfig;
import dev.tessera.generation.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The studio's ensemble builder without its controls (docs/studio.md, "Ensembles"): AFA over chosen U-Net expert
 * files, starting from a fresh aggregator (zero logits: exactly plain feature averaging), an aggregator trained on
 * the CPU with {@link AfaTraining} on the bundled training images of the chosen styles, and the result installed as
 * a model. Its files (the untrained ensemble, each run's checkpoint and ensemble file) live in its own work folder;
 * nothing reaches the user's models before {@link #install}. Every method may take seconds to minutes: call them off
 * the UI thread.
 */
public final class EnsembleWorkbench {

    /** The fewest experts an ensemble is built from here. */
    public static final int MIN_EXPERTS = 2;
    /** Hidden channels of each aggregation point's network, as in the shipped config. */
    public static final int AGGREGATOR_WIDTH = 32;
    /** Default steps and batch: a first look in a few minutes on a laptop CPU, not a finished aggregator. */
    public static final long DEFAULT_STEPS = 20;
    public static final int DEFAULT_BATCH = 8;
    public static final long MAX_STEPS = 100_000;
    public static final int MAX_BATCH = 256;
    /** The run's seed: the aggregator's initial weights and the batches drawn. */
    static final long SEED = 20261206;

    private final List<Path> experts;
    private final UnetConfig architecture;
    private final Path workFolder;
    private final Supplier<String> gitCommit;
    private int runs;

    private EnsembleWorkbench(List<Path> experts, UnetConfig architecture, Path workFolder, Supplier<String> gitCommit) {
        this.experts = List.copyOf(experts);
        this.architecture = architecture;
        this.workFolder = workFolder;
        this.gitCommit = gitCommit;
    }

    /**
     * Checks the expert files (reading their headers only) and opens a workbench over them; {@code gitCommit} is
     * asked for the provenance of the files it writes (it may run git, so it is not asked here).
     *
     * @throws IllegalArgumentException for fewer than {@link #MIN_EXPERTS} files
     * @throws ModelFileException       for a missing file, a file that is not a U-Net, or experts of different
     *                                  architectures, naming the file and what differs
     */
    public static EnsembleWorkbench open(List<Path> experts, Path workFolder, Supplier<String> gitCommit)
            throws ModelFileException {
        if (experts.size() < MIN_EXPERTS) {
            throw new IllegalArgumentException("An ensemble needs " + MIN_EXPERTS + " or more experts; "
                    + (experts.isEmpty() ? "none is" : experts.size() == 1 ? "only one is" : experts.size() + " are")
                    + " chosen.");
        }
        if (experts.stream().map(p -> p.toAbsolutePath().normalize()).distinct().count() != experts.size()) {
            throw new IllegalArgumentException("An expert is chosen twice; choose different experts.");
        }
        return new EnsembleWorkbench(experts, AfaEnsemble.commonArchitecture(experts), workFolder, gitCommit);
    }

    public List<Path> experts() {
        return experts;
    }

    /** The experts' common architecture. */
    public UnetConfig architecture() {
        return architecture;
    }

    /** The styles the experts know: the conditions the ensemble takes and the data it can train on. */
    public List<EmojiStyle> styles() {
        return architecture.styles();
    }

    /**
     * The ensemble file of a fresh aggregator (zero logits), written once into the work folder: every expert weighs
     * 1/N at every pixel of every aggregation point, which is exactly plain feature averaging.
     */
    public Path averaging() throws ModelFileException {
        Path file = workFolder.resolve("averaging.safetensors");
        if (Files.isRegularFile(file)) {
            return file;
        }
        createFolder(workFolder);
        AfaTrainingSpec spec = spec(file, workFolder, TrainingConfig.defaults(1), List.of());
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(experts, spec.aggregator(), SEED, manager)) {
            ensemble.save(file, AfaTraining.provenance(spec, styles(), 0, gitCommit.get(),
                    Map.of("untrained_feature_averaging", 1.0)));
        }
        return file;
    }

    /** How a training run ended: the ensemble file it left (null when it kept nothing) and what it did. */
    public record Run(Path file, long stepsDone, long steps, boolean cancelled, float lastLoss, Duration elapsed,
            List<EmojiStyle> dataStyles) {

        /** Whether the run left an ensemble file. */
        public boolean kept() {
            return file != null;
        }
    }

    /**
     * Trains a fresh aggregator (every run starts from feature averaging) over the frozen experts for {@code steps}
     * steps of {@code batch} images of {@code dataStyles}' bundled training split, on this thread. Cancelling
     * {@code stop} ends the run between steps: the ensemble of the aggregator's weights after the last finished step
     * (their moving average, as a finished run keeps) is kept when a step finished, nothing otherwise.
     */
    public Run train(long steps, int batch, List<EmojiStyle> dataStyles, ProgressListener progress,
            CancellationToken stop) throws IOException {
        TrainingConfig config = trainingConfig(steps, batch);
        if (dataStyles.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one style to train on.");
        }
        Path run = workFolder.resolve("run-" + ++runs);
        deleteRecursively(run); // a run starts fresh: never resume an old checkpoint of another selection
        createFolder(run);
        AfaTrainingSpec spec = spec(run.resolve("ensemble.safetensors"), run, config, dataStyles);
        List<EmojiStyle> styles = spec.dataStylesFor(architecture);
        EmojiDataset data = EmojiDataset.loadBundled(architecture.imageSize(), styles.toArray(EmojiStyle[]::new));
        AfaTraining training = new AfaTraining(spec, data);
        TrainingResult result = training.run(progress,
                r -> AfaTraining.provenance(spec, styles, r.stepsDone(), gitCommit.get(), Map.of()),
                stop);
        if (!result.interrupted()) {
            return new Run(spec.output(), result.stepsDone(), steps, false, result.lastLoss(), result.elapsed(), styles);
        }
        if (result.stepsDone() == 0 || !Files.exists(spec.checkpoint())) {
            return new Run(null, 0, steps, true, Float.NaN, result.elapsed(), styles);
        }
        long kept = training.exportCheckpoint(Checkpoint.Weights.EMA,
                s -> AfaTraining.provenance(spec, styles, s, gitCommit.get(), Map.of("cancelled_run", 1.0)));
        return new Run(spec.output(), kept, steps, true, result.lastLoss(), result.elapsed(), styles);
    }

    /** The training settings of a builder run, checked: small runs at a fixed, higher learning rate than the GPU config. */
    public static TrainingConfig trainingConfig(long steps, int batch) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("Steps must be 1 to " + MAX_STEPS + ", not " + steps + ".");
        }
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("Batch must be 1 to " + MAX_BATCH + ", not " + batch + ".");
        }
        // As configs/afa/afa-tiny-cpu.json: a short run wants a larger step and a short EMA.
        return new TrainingConfig(steps, batch, 1e-3, 1e-4, Math.min(10, steps / 10), 0.2, 0.0, 0.9, 0.95, 1e-8, 1.0,
                0.95, 0, 0, SEED, BatchSampling.BALANCED);
    }

    /**
     * Installs {@code ensembleFile} (one this workbench wrote) into the user's models as {@code name}: written afresh
     * inside the models folder, so that it names the experts relative to where it lies, and checked there as the
     * loader will (experts present, same architecture, same hashes).
     *
     * @throws dev.tessera.app.models.ModelNameTakenException when a model has the name already
     */
    public InstalledModel install(Path ensembleFile, String name, ModelInstaller installer) throws IOException {
        String what = "the ensemble of " + experts.stream().map(p -> p.getFileName().toString())
                .collect(Collectors.joining(" and "));
        InstalledModel installed;
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.load(ensembleFile, manager)) {
            installed = installer.installNew(name, what, file -> ensemble.save(file, ensemble.provenance()));
        }
        try {
            AfaEnsemble.checkHeader(installed.file());
        } catch (ModelFileException e) {
            throw new ModelImportException("installed " + installed.file() + " but it does not open: " + e.getMessage(), e);
        }
        return installed;
    }

    /**
     * Deletes what earlier workbenches left under {@code workRoot} (a studio closed while a step still ran leaves its
     * folder). Call it before opening workbenches there, never while one is open.
     */
    public static void clearWorkRoot(Path workRoot) {
        try {
            deleteRecursively(workRoot);
        } catch (IOException e) {
            // Left-over work files are harmless: the studio never lists them as models.
        }
    }

    /** Frees the work folder's files (the untrained ensemble, the runs). */
    public void deleteWork() {
        try {
            deleteRecursively(workFolder);
        } catch (IOException e) {
            // Left-over work files are harmless: the studio never lists them as models.
        }
    }

    private AfaTrainingSpec spec(Path output, Path run, TrainingConfig config, List<EmojiStyle> dataStyles) {
        return new AfaTrainingSpec(output, run, experts, new AggregatorConfig(AGGREGATOR_WIDTH), config, dataStyles);
    }

    private static void createFolder(Path folder) throws ModelFileException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ModelFileException(folder, "cannot create the ensemble builder's work folder: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
