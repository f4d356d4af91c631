package dev.tessera.app.cli;

import dev.tessera.generation.acdit.training.TrainingSetExport;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.text.PromptEncoder;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tessera data export-training-set --out <file>}: the training split as one file for the GPU trainer. */
@Command(name = "export-training-set", mixinStandardHelpOptions = true,
        description = {"Write the training split of the bundled emoji (images, every prompt text's MiniLM vector, "
                + "styles, base-emoji groups, categories) as one gzipped safetensors file for the PyTorch trainer "
                + "in training/ (docs/gpu-training.md). Held-out emoji are left out."})
public final class ExportTrainingSetCommand implements Callable<Integer> {

    @Mixin ExportOptions export;

    @Override
    public Integer call() throws Exception {
        EmojiStyle[] chosen = export.chosenStyles();
        EmojiDataset data = EmojiDataset.loadBundled(chosen);
        long started = System.nanoTime();
        TrainingSetExport.Summary summary = TrainingSetExport.write(export.out, data, data.trainIndices(), PromptEncoder.shared());
        System.out.printf(Locale.ROOT, "wrote %s: %d images, %d prompt texts, %d base-emoji groups, %.1f MB in %.0f s%n",
                export.out, summary.images(), summary.promptTexts(), summary.groups(), summary.bytes() / 1e6,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
