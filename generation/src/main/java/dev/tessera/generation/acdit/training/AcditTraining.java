package dev.tessera.generation.acdit.training;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.train.BatchSampler;
import dev.tessera.generation.train.Checkpoint;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.Trainer;
import dev.tessera.generation.train.TrainingResult;
import dev.tessera.generation.video.MotionClips;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Trains ACDiT on the training split of the emoji data (the spec's styles), then saves the EMA
 * weights. A video model trains on motion clips of the same emoji ({@link MotionClips}: the
 * training split's base emoji in every motion but each one's held-out motion), made on the fly from
 * the run's seed.
 */
public final class AcditTraining {

    private final AcditTrainingSpec spec;
    private final TrainingExamples examples;

    public AcditTraining(AcditTrainingSpec spec, EmojiDataset data) {
        if (data.imageSize() != spec.model().imageSize()) {
            throw new IllegalArgumentException("data is " + data.imageSize() + " px, the model takes "
                    + spec.model().imageSize());
        }
        this.spec = spec;
        this.examples = TrainingExamples.forModel(spec.model(), data, spec.training().seed());
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
                AcditModel model = AcditModel.initialise(spec.model(), spec.training().seed(), manager)) {
            boolean resuming = Files.exists(spec.checkpoint());
            if (!resuming && spec.initFrom().isPresent()) {
                // Before the trainer exists, so its EMA starts from these weights too.
                startFrom(model, spec.initFrom().get(), manager);
            }
            try (Trainer trainer = new Trainer(spec.training(), model.parameters(),
                    new AcditLoss(model.network(), examples, LinearNoiseSchedule.ddpm(),
                            spec.training().batchSize(), BatchSampler.of(spec.training(), examples.groups())),
                    Optional.of(spec.checkpoint()), progress)) {
                if (resuming) {
                    trainer.restore(spec.checkpoint());
                }
                TrainingResult result = trainer.run(stop);
                if (!result.interrupted()) {
                    AcditModel.save(spec.output(), trainer.ema(), spec.model(), provenanceFor.apply(result));
                }
                return result;
            }
        }
    }

    /** Copies a finished model's weights into {@code model}: the same architecture, or a shallower one to grow from. */
    private void startFrom(AcditModel model, java.nio.file.Path file, NDManager manager) throws ModelFileException {
        try (AcditModel start = AcditModel.load(file, manager)) {
            try {
                model.copyWeightsFrom(start);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("initFrom " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes the model file from the run's latest checkpoint (its EMA or raw weights), without
     * training: for a run that could not finish in one session. Returns the checkpoint's step.
     */
    public long exportCheckpoint(Checkpoint.Weights which, Function<Long, Provenance> provenanceFor)
            throws ModelFileException {
        if (!Files.exists(spec.checkpoint())) {
            throw new IllegalArgumentException("no checkpoint at " + spec.checkpoint());
        }
        try (NDManager manager = OfflineEngine.newManager();
                AcditModel model = AcditModel.initialise(spec.model(), spec.training().seed(), manager)) {
            long step = Checkpoint.readWeights(spec.checkpoint(), model.parameters(), which);
            AcditModel.save(spec.output(), model.parameters(), spec.model(), provenanceFor.apply(step));
            return step;
        }
    }

    /** Provenance fields common to every ACDiT run. */
    public static Provenance provenance(AcditTrainingSpec spec, long stepsDone, String gitCommit,
            Map<String, Double> metrics) {
        AcditConfig model = spec.model();
        String dataset = "emoji " + model.styles() + " " + model.imageSize()
                + "px (emoji-datasource-*@16.0.0), training split, random prompt text per draw"
                + (model.isVideo() ? "; motion clips of " + model.frames() + " frames (MotionClips: base emoji in 8"
                        + " motions, each emoji's held-out motion left out, paths from the seed)" : "")
                + spec.initFrom().map(f -> "; continued from " + f.getFileName()).orElse("");
        return new Provenance(dataset, stepsDone, spec.training().seed(), Instant.now(), gitCommit, metrics);
    }
}
