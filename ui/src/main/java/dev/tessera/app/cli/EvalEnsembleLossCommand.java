package dev.tessera.app.cli;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.EnsembleLossComparison;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.text.PromptEncoder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval ensemble-loss}: the U-Net objective of an ensemble, its experts and the baselines. */
@Command(name = "ensemble-loss", mixinStandardHelpOptions = true,
        description = "The U-Net objective (min-SNR-weighted eps-MSE, every item conditioned) of an AFA ensemble file,"
                + " each of its experts, eps averaging, feature averaging and parameter averaging, on the same fixed"
                + " batches of the validation split of the experts' styles; a markdown table on stdout.")
final class EvalEnsembleLossCommand implements Callable<Integer> {

    @Option(names = "--ensemble", required = true, description = "an ensemble model file") Path ensemble;
    @Option(names = "--batches", defaultValue = "8", description = "batches (default: ${DEFAULT-VALUE})") int batches;
    @Option(names = "--batch", defaultValue = "32", description = "images a batch (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the batches' draws (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (batches < 1 || batch < 1) {
            throw new IllegalArgumentException("--batches and --batch must be at least 1");
        }
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble afa = AfaEnsemble.load(ensemble, manager)) {
            UnetConfig architecture = afa.architecture();
            EmojiDataset data = EmojiDataset.loadBundled(architecture.imageSize(),
                    architecture.styles().toArray(EmojiStyle[]::new));
            TrainingExamples validation = TrainingExamples.of(data, data.validationIndices(), PromptEncoder.shared());
            System.out.println("| predictor | loss |");
            System.out.println("| --- | ---: |");
            for (EnsembleLossComparison.Row row : EnsembleLossComparison.compare(afa, validation, batches, batch, seed)) {
                System.out.printf(Locale.ROOT, "| %s | %.4f |%n", row.predictor(), row.loss());
            }
        }
        return 0;
    }
}
