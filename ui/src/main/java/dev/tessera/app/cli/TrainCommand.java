package dev.tessera.app.cli;

import dev.tessera.app.AppLocation;
import dev.tessera.app.train.GitCommit;
import dev.tessera.app.train.TrainingRunFile;
import dev.tessera.ensemble.afa.AfaTraining;
import dev.tessera.ensemble.afa.AfaTrainingSpec;
import dev.tessera.ensemble.unet.UnetTraining;
import dev.tessera.ensemble.unet.UnetTrainingSpec;
import dev.tessera.generation.acdit.training.AcditTraining;
import dev.tessera.generation.acdit.training.AcditTrainingSpec;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.judge.JudgeTraining;
import dev.tessera.generation.judge.JudgeTrainingSpec;
import dev.tessera.generation.train.Checkpoint;
import dev.tessera.generation.train.TerminalProgress;
import dev.tessera.generation.train.TrainingResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera train --config <file>}: trains (or resumes) a model from a config file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model from a config file (resumes from the run's checkpoint when there is one).")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "training config, e.g. configs/judge.json")
    Path config;

    @Option(names = "--export-checkpoint",
            description = "write the model file from the run's latest checkpoint (EMA weights) instead of training")
    boolean exportCheckpoint;

    @Option(names = "--weights", defaultValue = "EMA",
            description = "with --export-checkpoint: EMA or RAW weights (default: ${DEFAULT-VALUE})")
    Checkpoint.Weights weights;

    @Option(names = "--output", description = "with --export-checkpoint: write here instead of the config's output")
    Path output;

    @Option(names = "--overwrite",
            description = "let the run replace a bundled model (under assets/models/) its config writes to")
    boolean overwrite;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** Cancelled by Ctrl-C or SIGTERM: the trainer ends the run after the step under way, with a checkpoint. */
    private final CancellationToken stopSignal = new CancellationToken();

    @Override
    public Integer call() throws Exception {
        Path root = AppLocation.root();
        Path target = switch (TrainingRunFile.kind(config)) {
            case JUDGE -> TrainingRunFile.judge(config, root).output();
            case ACDIT -> TrainingRunFile.acdit(config, root).output();
            case UNET -> TrainingRunFile.unet(config, root).output();
            case AFA -> TrainingRunFile.afa(config, root).output();
        };
        refuseBundledOutput(output != null ? output : target, root);
        // Ctrl-C ends the run with a checkpoint instead of a crash inside libtorch.
        try (StopOnShutdown stop = StopOnShutdown.install()) {
            stop.onSignal(stopSignal::cancel);
            return stop.run(() -> {
                switch (TrainingRunFile.kind(config)) {
                    case JUDGE -> trainJudge(TrainingRunFile.judge(config, root), root);
                    case ACDIT -> trainAcdit(TrainingRunFile.acdit(config, root), root);
                    case UNET -> trainUnet(TrainingRunFile.unet(config, root), root);
                    case AFA -> trainAfa(TrainingRunFile.afa(config, root), root);
                }
                return 0;
            });
        }
    }

    /**
     * A run whose model file would replace a bundled model (the shipped configs write there, so the
     * bundled models can be reproduced) needs --overwrite: a copied config must not silently replace
     * the model the studio and every command use by default.
     */
    private void refuseBundledOutput(Path target, Path root) {
        Path bundled = root.resolve("assets/models").toAbsolutePath().normalize();
        Path absolute = target.toAbsolutePath().normalize();
        if (!overwrite && absolute.startsWith(bundled) && java.nio.file.Files.exists(absolute)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), config + ": the run would replace the"
                    + " bundled model " + root.relativize(absolute) + "; pass --overwrite to replace it, or set"
                    + " \"output\" (or --output) to another file");
        }
    }

    private void trainAcdit(AcditTrainingSpec configured, Path root) throws Exception {
        AcditTrainingSpec spec = output == null ? configured
                : new AcditTrainingSpec(output, configured.workDir(), configured.model(), configured.training(),
                        configured.initFrom());
        EmojiDataset data = EmojiDataset.loadBundled(spec.model().styles().toArray(EmojiStyle[]::new));
        String commit = GitCommit.of(root);
        AcditTraining training = new AcditTraining(spec, data);
        if (exportCheckpoint) {
            long step = training.exportCheckpoint(weights, s -> AcditTraining.provenance(spec, s, commit,
                    exportMetrics()));
            reportExport(spec.output(), step, spec.training().steps());
            return;
        }
        TrainingResult result = training.run(new TerminalProgress("acdit"),
                r -> AcditTraining.provenance(spec, r.stepsDone(), commit, Map.of()), stopSignal);
        report(result, spec.output());
    }

    private void trainUnet(UnetTrainingSpec configured, Path root) throws Exception {
        UnetTrainingSpec spec = output == null ? configured
                : new UnetTrainingSpec(output, configured.workDir(), configured.model(), configured.training(),
                        configured.initFrom(), configured.dataStyles());
        EmojiDataset data = EmojiDataset.loadBundled(spec.dataStyles().toArray(EmojiStyle[]::new));
        String commit = GitCommit.of(root);
        UnetTraining training = new UnetTraining(spec, data);
        if (exportCheckpoint) {
            long step = training.exportCheckpoint(weights, s -> UnetTraining.provenance(spec, s, commit,
                    exportMetrics()));
            reportExport(spec.output(), step, spec.training().steps());
            return;
        }
        TrainingResult result = training.run(new TerminalProgress("unet"),
                r -> UnetTraining.provenance(spec, r.stepsDone(), commit, Map.of()), stopSignal);
        report(result, spec.output());
    }

    /** Trains an ensemble's aggregator over frozen experts and writes the ensemble file. */
    private void trainAfa(AfaTrainingSpec configured, Path root) throws Exception {
        AfaTrainingSpec spec = output == null ? configured
                : new AfaTrainingSpec(output, configured.workDir(), configured.experts(), configured.aggregator(),
                        configured.training(), configured.dataStyles());
        List<EmojiStyle> dataStyles = AfaTraining.dataStyles(spec);
        EmojiDataset data = EmojiDataset.loadBundled(dataStyles.toArray(EmojiStyle[]::new));
        String commit = GitCommit.of(root);
        AfaTraining training = new AfaTraining(spec, data);
        if (exportCheckpoint) {
            long step = training.exportCheckpoint(weights, s -> AfaTraining.provenance(spec, dataStyles, s, commit,
                    exportMetrics()));
            reportExport(spec.output(), step, spec.training().steps());
            return;
        }
        TrainingResult result = training.run(new TerminalProgress("afa"),
                r -> AfaTraining.provenance(spec, dataStyles, r.stepsDone(), commit, Map.of()), stopSignal);
        report(result, spec.output());
    }

    /** The metric an exported model file records: whether it holds the raw weights rather than the EMA. */
    private Map<String, Double> exportMetrics() {
        return Map.of("exported_raw_weights", weights == Checkpoint.Weights.RAW ? 1.0 : 0.0);
    }

    private void reportExport(Path output, long step, long steps) {
        System.out.println("wrote " + output + " from the " + weights + " weights of the checkpoint at step " + step
                + " of " + steps);
    }

    private void report(TrainingResult result, Path output) {
        Duration elapsed = result.elapsed();
        System.out.printf(Locale.ROOT, "%s after %d steps in %d:%02d:%02d (last loss %.4f)%n",
                result.interrupted() ? "stopped" : "trained", result.stepsDone(),
                elapsed.toHours(), elapsed.toMinutesPart(), elapsed.toSecondsPart(), result.lastLoss());
        if (result.interrupted()) {
            System.out.println("checkpoint saved; run the same command to resume: tessera train --config " + config);
        } else {
            System.out.println("wrote " + output);
        }
    }

    private void trainJudge(JudgeTrainingSpec spec, Path root) throws Exception {
        EmojiDataset data = EmojiDataset.loadBundled(spec.styles().toArray(EmojiStyle[]::new));
        EmojiDataset all = EmojiDataset.loadBundled();
        JudgeTraining training = new JudgeTraining(spec, data, all);
        String commit = GitCommit.of(root);
        TrainingResult result = training.run(new TerminalProgress("judge"),
                r -> JudgeTraining.provenance(spec, r, commit, Map.of()), stopSignal);
        report(result, spec.output());
    }
}
