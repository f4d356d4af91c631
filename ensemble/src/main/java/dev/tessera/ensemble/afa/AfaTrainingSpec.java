package dev.tessera.ensemble.afa;

import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything an aggregator training run needs.
 *
 * @param output     the ensemble file to write (it names the experts relative to its folder)
 * @param workDir    checkpoints of the run (the aggregator's weights only)
 * @param experts    the expert U-Net files, of one architecture; they are never changed
 * @param aggregator the aggregator's settings
 * @param training   the shared training loop's settings
 * @param dataStyles the styles whose images the run trains on; empty for every style the experts know (the
 *                   union of the experts' data)
 */
public record AfaTrainingSpec(Path output, Path workDir, List<Path> experts, AggregatorConfig aggregator,
        TrainingConfig training, List<EmojiStyle> dataStyles) {

    public AfaTrainingSpec {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(aggregator, "aggregator");
        Objects.requireNonNull(training, "training");
        experts = List.copyOf(experts);
        dataStyles = List.copyOf(dataStyles);
        if (experts.isEmpty() || experts.size() > EnsembleConfig.MAX_EXPERTS) {
            throw new IllegalArgumentException("an ensemble takes 1 to " + EnsembleConfig.MAX_EXPERTS
                    + " expert files, got " + experts.size());
        }
        if (dataStyles.stream().distinct().count() != dataStyles.size()) {
            throw new IllegalArgumentException("dataStyles must be distinct, were " + dataStyles);
        }
    }

    public Path checkpoint() {
        return workDir.resolve("checkpoint.safetensors");
    }

    /** The styles the run trains on, given the experts' architecture; each must be one the experts know. */
    public List<EmojiStyle> dataStylesFor(UnetConfig architecture) {
        if (dataStyles.isEmpty()) {
            return architecture.styles();
        }
        if (!architecture.styles().containsAll(dataStyles)) {
            throw new IllegalArgumentException("dataStyles " + dataStyles + " are not all among the experts' styles "
                    + architecture.styles());
        }
        return dataStyles;
    }
}
