package dev.tessera.generation.judge;

import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a judge training run needs, read from a config file in the repository.
 *
 * @param output      where the finished model file goes
 * @param workDir     checkpoints of the run
 * @param styles      the emoji styles trained on (both for the bundled judge; one for the cross-style check)
 * @param widths      channel widths of the CNN stages
 * @param groups      group-norm groups
 * @param training    the shared training loop's settings
 */
public record JudgeTrainingSpec(Path output, Path workDir, List<EmojiStyle> styles, List<Integer> widths, int groups,
        TrainingConfig training) {

    public JudgeTrainingSpec {
        styles = List.copyOf(styles);
        widths = List.copyOf(widths);
        if (styles.isEmpty()) {
            throw new IllegalArgumentException("judge training needs at least one style");
        }
    }

    public Path checkpoint() {
        return workDir.resolve("checkpoint.safetensors");
    }
}
