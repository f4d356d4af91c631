package dev.tessera.generation.acdit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.random.NoiseSource;
import dev.tessera.generation.text.PromptEmbedding;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.Trainer;
import dev.tessera.generation.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The condition must steer the prediction with production-scale prompts: unit-norm 384-d vectors
 * like MiniLM's (the other fixtures use N(0, 1) vectors, twenty times stronger per component).
 */
class AcditConditioningTest {

    private static final int PROMPT_DIM = 384;
    private static final int IMAGES = 4;

    private static PromptEmbedding unitPrompt(int index) {
        float[] v = NoiseSource.of(31).stream(index).gaussian(PROMPT_DIM);
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return new PromptEmbedding("image " + index, v);
    }

    @Test
    @org.junit.jupiter.api.Disabled("Known open problem (docs/results/acdit.md): four images sampled from one seed with"
            + " four prompts are nearly the same picture. Spread/rms measured: 0.0165 after 300 steps, 0.0040 after 900"
            + " (-Dtessera.conditioningSteps=900): training makes the prompt matter less. The cond.* and adaLN weights do"
            + " move (gradients flow). Enable when the condition steers the image.")
    void afterFittingDistinctImagesThePromptChangesThePrediction() throws Exception {
        AcditConfig config = new AcditConfig(16, 4, 4, 32, 2, 2, 2, PROMPT_DIM, 100.0,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
        TrainingExamples fixed = AcditFixtures.fixedImages(IMAGES, 16, 8);
        TrainingExamples examples = new TrainingExamples() {
            public int size() {
                return IMAGES;
            }

            public void copyPixels(int index, float[] target, int offset) {
                fixed.copyPixels(index, target, offset);
            }

            public AcditCondition condition(int index, SplittableRandom random) {
                return new AcditCondition.Prompted(unitPrompt(index), EmojiStyle.GOOGLE);
            }
        };
        TrainingConfig training = TrainingConfig.defaults(Integer.getInteger("tessera.conditioningSteps", 300)).with(Map.of("batchSize", 8, "learningRate", 3e-3,
                "minLearningRate", 3e-4, "warmupSteps", 10, "weightDecay", 0.0));
        try (NDManager manager = OfflineEngine.newManager();
                AcditModel model = AcditModel.initialise(config, 3, manager)) {
            try (Trainer trainer = new Trainer(training, model.parameters(),
                    new AcditLoss(model.network(), examples, LinearNoiseSchedule.ddpm(), 8, 3), Optional.empty(),
                    ProgressListener.NONE)) {
                trainer.run();
            }
            // Sample each prompt from the same seed: a model that learned the prompts draws four different images.
            List<AcditCondition> conditions = new ArrayList<>();
            long[] seeds = new long[IMAGES];
            for (int i = 0; i < IMAGES; i++) {
                conditions.add(new AcditCondition.Prompted(unitPrompt(i), EmojiStyle.GOOGLE));
                seeds[i] = 77;
            }
            List<float[]> images = new AcditSampler(model,
                    dev.tessera.generation.diffusion.SamplerKind.DDIM.create(LinearNoiseSchedule.ddpm()),
                    AcditSampler.ContextMode.KV_CACHE).sample(conditions, seeds, 1.0,
                    dev.tessera.generation.diffusion.SamplingOptions.steps(20), BlockListener.NONE);
            int per = images.get(0).length;
            double spread = 0, scale = 0;
            for (int j = 0; j < per; j++) {
                double mean = 0;
                for (float[] image : images) {
                    mean += image[j] / IMAGES;
                }
                for (float[] image : images) {
                    spread += Math.pow(image[j] - mean, 2);
                    scale += Math.pow(image[j], 2);
                }
            }
            double relative = Math.sqrt(spread / scale);
            System.out.println("conditioning spread / image rms = " + relative);
            assertTrue(relative > 0.3, "the prompt barely changes the image: " + relative);
        }
    }
}
