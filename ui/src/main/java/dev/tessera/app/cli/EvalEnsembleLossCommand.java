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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval ensemble-loss}: the U-Net objective of an ensemble, its experts and the baselines. */
@Command(name = "ensemble-loss", mixinStandardHelpOptions = true,
        description = "The U-Net objective (min-SNR-weighted eps-MSE, every item conditioned) of an AFA ensemble file,"
                + " each of its experts, eps averaging, feature averaging and parameter averaging, on the same fixed"
                + " batches of the validation split of the experts' styles, and the aggregator's mean weight per expert at each"
                + " aggregation point; markdown tables on stdout.")
final class EvalEnsembleLossCommand implements Callable<Integer> {

    @Option(names = "--ensemble", required = true, description = "an ensemble model file") Path ensemble;
    @Option(names = "--batches", defaultValue = "8", description = "batches (default: ${DEFAULT-VALUE})") int batches;
    @Option(names = "--batch", defaultValue = "32", description = "images a batch (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the batches' draws (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--styles", split = ",",
            description = "styles whose validation images are drawn, e.g. google (default: all the experts know)")
    List<String> styles;

    @Override
    public Integer call() throws Exception {
        if (batches < 1 || batch < 1) {
            throw new IllegalArgumentException("--batches and --batch must be at least 1");
        }
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble afa = AfaEnsemble.load(ensemble, manager)) {
            UnetConfig architecture = afa.architecture();
            List<EmojiStyle> drawn = styles == null ? architecture.styles()
                    : styles.stream().map(EmojiStyle::parse).toList();
            if (!architecture.styles().containsAll(drawn)) {
                throw new IllegalArgumentException("--styles " + drawn + " are not all among the experts' "
                        + architecture.styles());
            }
            EmojiDataset data = EmojiDataset.loadBundled(architecture.imageSize(), drawn.toArray(EmojiStyle[]::new));
            TrainingExamples validation = TrainingExamples.of(data, data.validationIndices(), PromptEncoder.shared());
            EnsembleLossComparison.Result result = EnsembleLossComparison.compare(afa, validation, batches, batch, seed);
            System.out.println("| predictor | loss |");
            System.out.println("| --- | ---: |");
            for (EnsembleLossComparison.Row row : result.losses()) {
                System.out.printf(Locale.ROOT, "| %s | %.4f |%n", row.predictor(), row.loss());
            }
            // Routing: each expert's mean weight at each aggregation point, over the same batches.
            System.out.printf("%n| point | %s |%n", afa.expertFiles().stream().map(f -> f.getFileName().toString())
                    .collect(Collectors.joining(" | ")));
            System.out.println("| --- |" + " ---: |".repeat(afa.expertFiles().size()));
            for (EnsembleLossComparison.PointRouting point : result.routing()) {
                System.out.println("| " + point.point() + " | " + Arrays.stream(point.meanWeights())
                        .mapToObj(w -> String.format(Locale.ROOT, "%.3f", w)).collect(Collectors.joining(" | ")) + " |");
            }
        }
        return 0;
    }
}
