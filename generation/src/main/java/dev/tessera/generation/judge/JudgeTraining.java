package dev.tessera.generation.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.nn.Scalars;
import dev.tessera.generation.train.BatchSampler;
import dev.tessera.generation.train.LossFunction;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.StepContext;
import dev.tessera.generation.train.Trainer;
import dev.tessera.generation.train.TrainingResult;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Trains the judge on every image of the chosen styles (all emoji, all skin tones: the judge must
 * name held-out prompts too) with strong augmentation, then saves the EMA weights.
 */
public final class JudgeTraining {

    /** Loss weights of the three heads: identity is the hard, important one. */
    private static final float IDENTITY_WEIGHT = 1f;
    private static final float SUBCATEGORY_WEIGHT = 0.5f;
    private static final float STYLE_WEIGHT = 0.5f;

    private final JudgeTrainingSpec spec;
    private final EmojiDataset data;
    private final JudgeVocabulary vocabulary;
    private final JudgeVocabulary.Labels labels;
    private final ImageAugmenter augmenter = ImageAugmenter.strong();

    /**
     * @param vocabularySource the data whose classes the judge learns (all styles, so a judge trained
     *                         on one style still has the same class ids)
     */
    public JudgeTraining(JudgeTrainingSpec spec, EmojiDataset data, EmojiDataset vocabularySource) {
        this.spec = spec;
        this.data = data;
        this.vocabulary = JudgeVocabulary.of(vocabularySource);
        this.labels = vocabulary.labelsOf(data);
    }

    public JudgeConfig config() {
        return new JudgeConfig(data.imageSize(), spec.widths(), spec.groups(), vocabulary.identities().size(),
                vocabulary.subcategories().size(), vocabulary.styles().size());
    }

    /**
     * Runs (or resumes) training and writes the model file.
     *
     * @param provenanceFor builds the file's provenance from the finished run (the caller knows the git commit)
     * @param stop          cancelled to end the run early with a checkpoint and no model file
     */
    public TrainingResult run(ProgressListener progress, Function<TrainingResult, Provenance> provenanceFor,
            CancellationToken stop) throws ModelFileException {
        try (NDManager manager = OfflineEngine.newManager();
                JudgeModel judge = JudgeModel.initialise(config(), vocabulary, spec.training().seed(), manager);
                Trainer trainer = new Trainer(spec.training(), judge.parameters(), lossOf(judge),
                        Optional.of(spec.checkpoint()), progress)) {
            if (Files.exists(spec.checkpoint())) {
                trainer.restore(spec.checkpoint());
            }
            TrainingResult result = trainer.run(stop);
            if (!result.interrupted()) {
                JudgeModel.save(spec.output(), trainer.ema(), config(), vocabulary, provenanceFor.apply(result));
            }
            return result;
        }
    }

    private LossFunction lossOf(JudgeModel judge) {
        BatchSampler sampler = BatchSampler.of(spec.training(),
                data.baseEmojiGroups(java.util.stream.IntStream.range(0, data.size()).toArray()));
        int size = data.imageSize();
        int perImage = data.floatsPerImage();
        return (StepContext context) -> {
            int[] batch = sampler.batch(context.step(), spec.training().batchSize());
            float[] pixels = new float[batch.length * perImage];
            float[] image = new float[perImage];
            int[] identity = new int[batch.length];
            int[] subcategory = new int[batch.length];
            int[] style = new int[batch.length];
            for (int b = 0; b < batch.length; b++) {
                data.copyPixels(batch[b], image, 0);
                System.arraycopy(augmenter.augment(image, size, context.random()), 0, pixels, b * perImage, perImage);
                identity[b] = labels.identity()[batch[b]];
                subcategory[b] = labels.subcategory()[batch[b]];
                style[b] = labels.style()[batch[b]];
            }
            NDManager m = context.manager();
            JudgeOutput out = judge.network().forward(m.create(pixels, new Shape(batch.length, 3, size, size)));
            return Scalars.times(crossEntropy(out.identityLogits(), identity, m), IDENTITY_WEIGHT)
                    .add(Scalars.times(crossEntropy(out.subcategoryLogits(), subcategory, m), SUBCATEGORY_WEIGHT))
                    .add(Scalars.times(crossEntropy(out.styleLogits(), style, m), STYLE_WEIGHT));
        };
    }

    /** Mean cross-entropy of logits [B, C] against class ids. */
    static NDArray crossEntropy(NDArray logits, int[] targets, NDManager manager) {
        long classes = logits.getShape().get(1);
        NDArray oneHot = manager.create(targets).oneHot((int) classes);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /** Provenance fields common to every judge run. */
    public static Provenance provenance(JudgeTrainingSpec spec, TrainingResult result, String gitCommit,
            Map<String, Double> metrics) {
        String dataset = "emoji " + spec.styles() + " 32x32 (emoji-datasource-*@16.0.0), all items, strong augmentation";
        return new Provenance(dataset, result.stepsDone(), spec.training().seed(), Instant.now(), gitCommit, metrics);
    }
}
