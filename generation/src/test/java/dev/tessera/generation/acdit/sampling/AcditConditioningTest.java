package dev.tessera.generation.acdit.sampling;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.training.AcditLoss;
import dev.tessera.generation.acdit.training.TrainingExamples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.train.EpochBatchSampler;
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

    /** Image i: a coloured square in quadrant i on white, like an emoji's figure on its background. */
    private static TrainingExamples quadrantImages() {
        float[][] colours = {{1, -1, -1}, {-1, 0.6f, -1}, {-1, -1, 1}, {0.8f, 0.8f, -1}};
        float[][] images = new float[IMAGES][3 * 16 * 16];
        for (int i = 0; i < IMAGES; i++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        boolean inside = y / 8 == i / 2 && x / 8 == i % 2 && y % 8 > 0 && x % 8 > 0 && y % 8 < 7 && x % 8 < 7;
                        images[i][(c * 16 + y) * 16 + x] = inside ? colours[i][c] : 1f;
                    }
                }
            }
        }
        return new TrainingExamples() {
            public int size() {
                return IMAGES;
            }

            public void copyPixels(int index, float[] target, int offset) {
                System.arraycopy(images[index], 0, target, offset, images[index].length);
            }

            public AcditCondition condition(int index, SplittableRandom random) {
                throw new UnsupportedOperationException("pixels only");
            }
        };
    }

    @Test
    void afterFittingDistinctImagesThePromptChangesThePrediction() throws Exception {
        // Width above the 48 floats of a 4x4 RGB patch: narrower, the patch embedding alone loses a third of the signal.
        AcditConfig config = new AcditConfig(16, 4, 4, 64, 2, 4, 4, PROMPT_DIM, 100.0,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
        TrainingExamples fixed = quadrantImages();
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
        TrainingConfig training = TrainingConfig.defaults(Integer.getInteger("tessera.conditioningSteps", 1500)).with(Map.of("batchSize", 8, "learningRate", 1e-3,
                "minLearningRate", 1e-4, "warmupSteps", 10, "weightDecay", 0.0));
        try (NDManager manager = OfflineEngine.newManager();
                AcditModel model = AcditModel.initialise(config, 3, manager)) {
            try (Trainer trainer = new Trainer(training, model.parameters(),
                    new AcditLoss(model.network(), examples, LinearNoiseSchedule.ddpm(), 8,
                            new EpochBatchSampler(3, examples.size())), Optional.empty(),
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
                    AcditSampler.ContextMode.KV_CACHE).sample(conditions, seeds, AcditGuidance.of(1.0),
                    dev.tessera.generation.diffusion.SamplingOptions.steps(20), BlockListener.NONE);
            // Each sample must be closest to the image its prompt was trained on.
            int per = images.get(0).length;
            float[] target = new float[per];
            for (int i = 0; i < IMAGES; i++) {
                int nearest = -1;
                double best = Double.MAX_VALUE;
                StringBuilder distances = new StringBuilder();
                for (int candidate = 0; candidate < IMAGES; candidate++) {
                    fixed.copyPixels(candidate, target, 0);
                    double d = 0;
                    for (int j = 0; j < per; j++) {
                        d += Math.pow(images.get(i)[j] - target[j], 2);
                    }
                    d = Math.sqrt(d / per);
                    distances.append(String.format(" %.3f", d));
                    if (d < best) {
                        best = d;
                        nearest = candidate;
                    }
                }
                System.out.println("prompt " + i + ": rms distance to each training image" + distances);
                assertEquals(i, nearest, "prompt " + i + " drew training image " + nearest + ":" + distances);
            }
        }
    }
}
