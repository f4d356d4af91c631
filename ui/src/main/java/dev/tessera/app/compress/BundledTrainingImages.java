package dev.tessera.app.compress;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.text.PromptEncoder;

/** The bundled training split of a model's styles, as training sees it: what compression calibrates and distils on. */
public final class BundledTrainingImages {

    private BundledTrainingImages() {}

    public static TrainingExamples of(AcditConfig config) {
        EmojiDataset data = EmojiDataset.loadBundled(config.imageSize(), config.styles().toArray(EmojiStyle[]::new));
        return TrainingExamples.of(data, data.trainIndices(), PromptEncoder.shared());
    }
}
