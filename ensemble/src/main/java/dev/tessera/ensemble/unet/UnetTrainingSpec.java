package dev.tessera.ensemble.unet;

import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a U-Net training run needs.
 *
 * @param output     where the finished model file goes
 * @param workDir    checkpoints of the run
 * @param model      the architecture; its styles are the conditions the model knows
 * @param training   the shared training loop's settings
 * @param initFrom   a finished U-Net of the same architecture to start from (an expert fine-tuned from the
 *                   common base), or empty for random weights
 * @param dataStyles the styles whose images the run trains on, each among the model's styles: all of them for
 *                   the base, one for an expert (which keeps the base's style table, so every expert of an
 *                   ensemble takes the same conditions)
 */
public record UnetTrainingSpec(Path output, Path workDir, UnetConfig model, TrainingConfig training,
        Optional<Path> initFrom, List<EmojiStyle> dataStyles) {

    public UnetTrainingSpec {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(initFrom, "initFrom");
        dataStyles = List.copyOf(dataStyles);
        if (dataStyles.isEmpty() || dataStyles.stream().distinct().count() != dataStyles.size()
                || !model.styles().containsAll(dataStyles)) {
            throw new IllegalArgumentException("dataStyles must be distinct styles of the model's " + model.styles()
                    + ", were " + dataStyles);
        }
    }

    public Path checkpoint() {
        return workDir.resolve("checkpoint.safetensors");
    }
}
