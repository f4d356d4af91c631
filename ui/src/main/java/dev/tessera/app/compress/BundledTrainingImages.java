package dev.tessera.app.compress;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;

/**
 * The bundled training split of a model's styles, as training sees it (images, or motion clips for a
 * video model): what compression calibrates and distils on.
 */
public final class BundledTrainingImages {

    /** Seed of a video model's clip paths: fixed, so every compression of a model calibrates on the same clips. */
    private static final long CLIP_SEED = 20261206L;

    private BundledTrainingImages() {}

    public static TrainingExamples of(AcditConfig config) {
        EmojiDataset data = EmojiDataset.loadBundled(config.imageSize(), config.styles().toArray(EmojiStyle[]::new));
        return TrainingExamples.forModel(config, data, CLIP_SEED);
    }
}
