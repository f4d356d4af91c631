package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetTraining;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.train.Checkpoint;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Trains an AFA aggregator over frozen experts with the U-Net objective on the shared training loop
 * ({@link UnetTraining#runLoop}: AdamW, EMA, checkpoints, resume), then writes the ensemble file with the
 * aggregator's EMA weights. Only the aggregator's parameters are trained or checkpointed.
 */
public final class AfaTraining {

    private final AfaTrainingSpec spec;
    private final TrainingExamples examples;

    /** Over the training split of {@code data}, which must hold exactly the styles the run trains on. */
    public AfaTraining(AfaTrainingSpec spec, EmojiDataset data) throws ModelFileException {
        this(spec, examplesOf(spec, data));
    }

    /** Over any examples (tests use fixed images). */
    public AfaTraining(AfaTrainingSpec spec, TrainingExamples examples) {
        this.spec = spec;
        this.examples = examples;
    }

    private static TrainingExamples examplesOf(AfaTrainingSpec spec, EmojiDataset data) throws ModelFileException {
        UnetConfig architecture = architecture(spec);
        return UnetTraining.examples(data, architecture.imageSize(), spec.dataStylesFor(architecture));
    }

    /** The experts' common architecture (headers only); refuses missing experts and mixed architectures. */
    public static UnetConfig architecture(AfaTrainingSpec spec) throws ModelFileException {
        return ExpertFiles.commonArchitecture(spec.experts());
    }

    /** The styles whose images the run trains on (the experts' styles unless the spec names some). */
    public static List<EmojiStyle> dataStyles(AfaTrainingSpec spec) throws ModelFileException {
        return spec.dataStylesFor(architecture(spec));
    }

    /**
     * Runs (or resumes) training and writes the ensemble file.
     *
     * @param provenanceFor builds the file's provenance from the finished run
     * @param stop          cancelled to end the run early with a checkpoint and no ensemble file
     */
    public TrainingResult run(ProgressListener progress, Function<TrainingResult, Provenance> provenanceFor,
            CancellationToken stop) throws ModelFileException {
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(spec.experts(), spec.aggregator(), spec.training().seed(),
                        manager)) {
            return train(ensemble, progress, provenanceFor, stop);
        }
    }

    /** Trains {@code ensemble}'s aggregator (its experts stay as they are) and writes the ensemble file. */
    TrainingResult train(AfaEnsemble ensemble, ProgressListener progress,
            Function<TrainingResult, Provenance> provenanceFor, CancellationToken stop) throws ModelFileException {
        return UnetTraining.runLoop(spec.training(), ensemble.aggregatorParameters(), ensemble.network(), examples,
                spec.checkpoint(), progress, stop,
                (ema, result) -> ensemble.save(spec.output(), ema, provenanceFor.apply(result)));
    }

    /**
     * Writes the ensemble file from the run's latest checkpoint (the aggregator's EMA or raw weights), without
     * training. Returns the checkpoint's step.
     */
    public long exportCheckpoint(Checkpoint.Weights which, Function<Long, Provenance> provenanceFor)
            throws ModelFileException {
        if (!Files.exists(spec.checkpoint())) {
            throw new IllegalArgumentException("no checkpoint at " + spec.checkpoint());
        }
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(spec.experts(), spec.aggregator(), spec.training().seed(),
                        manager)) {
            long step = Checkpoint.readWeights(spec.checkpoint(), ensemble.aggregatorParameters(), which);
            ensemble.save(spec.output(), provenanceFor.apply(step));
            return step;
        }
    }

    /** Provenance of an aggregator run: the data it saw and the experts it mixes. */
    public static Provenance provenance(AfaTrainingSpec spec, List<EmojiStyle> dataStyles, long stepsDone,
            String gitCommit, Map<String, Double> metrics) {
        String experts = spec.experts().stream().map(Path::getFileName).map(Path::toString).toList().toString();
        String dataset = "emoji " + dataStyles + " (emoji-datasource-*@16.0.0), training split, random prompt text"
                + " per draw; aggregator over frozen experts " + experts;
        return new Provenance(dataset, stepsDone, spec.training().seed(), Instant.now(), gitCommit, metrics);
    }
}
