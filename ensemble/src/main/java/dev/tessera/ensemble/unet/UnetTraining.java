package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.nn.ParameterStore;
import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.train.BatchSampler;
import dev.tessera.generation.train.Checkpoint;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.Trainer;
import dev.tessera.generation.train.TrainingConfig;
import dev.tessera.generation.train.TrainingResult;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Trains a U-Net with the shared training loop ({@link Trainer}: AdamW, warmup-stable-decay, EMA, atomic
 * checkpoints, bit-exact resume) on the training split of the spec's data styles, then saves the EMA weights.
 */
public final class UnetTraining {

    private final UnetTrainingSpec spec;
    private final TrainingExamples examples;

    /** Over the training split of {@code data}, which must hold exactly the spec's data styles. */
    public UnetTraining(UnetTrainingSpec spec, EmojiDataset data) {
        this(spec, examples(data, spec.model().imageSize(), spec.dataStyles()));
    }

    /** Over any examples (tests use fixed images). */
    public UnetTraining(UnetTrainingSpec spec, TrainingExamples examples) {
        this.spec = spec;
        this.examples = examples;
    }

    /**
     * The training split of {@code data} with a prompt per draw, once checked to hold {@code imageSize} images of
     * exactly {@code dataStyles}.
     */
    public static TrainingExamples examples(EmojiDataset data, int imageSize, List<EmojiStyle> dataStyles) {
        if (data.imageSize() != imageSize) {
            throw new IllegalArgumentException("data is " + data.imageSize() + " px, the model takes " + imageSize);
        }
        if (!data.styles().equals(dataStyles)) {
            throw new IllegalArgumentException("data holds styles " + data.styles() + ", the run trains on "
                    + dataStyles);
        }
        return TrainingExamples.of(data, data.trainIndices(), PromptEncoder.shared());
    }

    /**
     * Runs (or resumes) training and writes the model file.
     *
     * @param provenanceFor builds the file's provenance from the finished run (the caller knows the git commit)
     * @param stop          cancelled to end the run early with a checkpoint and no model file
     */
    public TrainingResult run(ProgressListener progress, Function<TrainingResult, Provenance> provenanceFor,
            CancellationToken stop) throws ModelFileException {
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetModel.initialise(spec.model(), spec.training().seed(), manager)) {
            if (!Files.exists(spec.checkpoint()) && spec.initFrom().isPresent()) {
                // Before the trainer exists, so its EMA starts from these weights too.
                startFrom(model, spec.initFrom().get(), manager);
            }
            return runLoop(spec.training(), model.parameters(), model.network(), examples, spec.checkpoint(), progress,
                    stop, (ema, result) -> UnetModel.save(spec.output(), ema, spec.model(), provenanceFor.apply(result)));
        }
    }

    /** What a finished run does with its EMA weights (writes its model file). */
    @FunctionalInterface
    public interface FinishedWeights {
        void save(ParameterStore ema, TrainingResult result) throws ModelFileException;
    }

    /**
     * The shared training loop with the U-Net objective over any predictor: trains {@code trainable} (a U-Net's
     * parameters, or an ensemble's aggregator while its experts stay frozen), resuming from {@code checkpoint}
     * when it exists, and hands the EMA of a finished (not interrupted) run to {@code finished}.
     */
    public static TrainingResult runLoop(TrainingConfig training, ParameterStore trainable, UnetPredictor predictor,
            TrainingExamples examples, Path checkpoint, ProgressListener progress, CancellationToken stop,
            FinishedWeights finished) throws ModelFileException {
        boolean resuming = Files.exists(checkpoint);
        try (Trainer trainer = new Trainer(training, trainable,
                new UnetLoss(predictor, examples, LinearNoiseSchedule.ddpm(), training.batchSize(),
                        BatchSampler.of(training, examples.groups())),
                Optional.of(checkpoint), progress)) {
            if (resuming) {
                trainer.restore(checkpoint);
            }
            TrainingResult result = trainer.run(stop);
            if (!result.interrupted()) {
                finished.save(trainer.ema(), result);
            }
            return result;
        }
    }

    private static void startFrom(UnetModel model, Path file, NDManager manager) throws ModelFileException {
        try (UnetModel start = UnetModel.load(file, manager)) {
            try {
                model.copyWeightsFrom(start);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("initFrom " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes the model file from the run's latest checkpoint (its EMA or raw weights), without training.
     * Returns the checkpoint's step.
     */
    public long exportCheckpoint(Checkpoint.Weights which, Function<Long, Provenance> provenanceFor)
            throws ModelFileException {
        if (!Files.exists(spec.checkpoint())) {
            throw new IllegalArgumentException("no checkpoint at " + spec.checkpoint());
        }
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetModel.initialise(spec.model(), spec.training().seed(), manager)) {
            long step = Checkpoint.readWeights(spec.checkpoint(), model.parameters(), which);
            UnetModel.save(spec.output(), model.parameters(), spec.model(), provenanceFor.apply(step));
            return step;
        }
    }

    /** Provenance of a U-Net run: the data styles it saw and the model it continued from. */
    public static Provenance provenance(UnetTrainingSpec spec, long stepsDone, String gitCommit,
            Map<String, Double> metrics) {
        String dataset = "emoji " + spec.dataStyles() + " " + spec.model().imageSize()
                + "px (emoji-datasource-*@16.0.0), training split, random prompt text per draw"
                + spec.initFrom().map(f -> "; fine-tuned from " + f.getFileName()).orElse("");
        return new Provenance(dataset, stepsDone, spec.training().seed(), Instant.now(), gitCommit, metrics);
    }
}
