package dev.tessera.generation.acdit.model;

import dev.tessera.generation.acdit.training.TrainingExamples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.modelfile.TensorArrays;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.random.NoiseSource;
import dev.tessera.generation.text.PromptEmbedding;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny configs, perturbed models (zero-init layers would make every output 0) and fixed examples. */
public final class AcditFixtures {

    private AcditFixtures() {}

    /** Width 32, depth 2, 2 heads, both styles, 8-float prompts (made by {@link #prompt}). */
    public static AcditConfig tiny(int imageSize, int patchSize, int blockSide) {
        return tiny(imageSize, patchSize, blockSide, 8);
    }

    /** {@link #tiny(int, int, int)} with prompts of {@code promptDim} floats. */
    public static AcditConfig tiny(int imageSize, int patchSize, int blockSide, int promptDim) {
        return new AcditConfig(imageSize, patchSize, blockSide, 32, 2, 2, 2, promptDim, 100.0,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    }

    /**
     * A tiny video model: 8×8 frames of 2×2 tokens (patch 4), {@code frames} frames in blocks of
     * {@code framesPerBlock}, width 32, depth 2, 2 heads of 16 (3-D RoPE needs multiples of 16).
     */
    public static AcditConfig tinyVideo(int frames, int framesPerBlock) {
        return new AcditConfig(8, 4, 2, 32, 2, 2, 2, 8, 100.0, List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER), frames,
                framesPerBlock);
    }

    /** A model whose every parameter (zero-initialised ones too) gets N(0, 0.05²) added. */
    public static AcditModel perturbed(AcditConfig config, long seed, NDManager parent) {
        AcditModel model = AcditModel.initialise(config, seed, parent);
        long stream = 0;
        for (Map.Entry<String, NDArray> entry : model.parameters().asMap().entrySet()) {
            NDArray p = entry.getValue();
            float[] noise = NoiseSource.of(seed).stream(99, stream++).gaussian(Math.toIntExact(p.size()));
            for (int i = 0; i < noise.length; i++) {
                noise[i] *= 0.05f;
            }
            try (NDManager scratch = parent.newSubManager()) {
                p.addi(scratch.create(noise, p.getShape()));
            }
        }
        return model;
    }

    public static PromptEmbedding prompt(String text, int dim, long seed) {
        return new PromptEmbedding(text, NoiseSource.of(seed).stream(7).gaussian(dim));
    }

    /** {@code count} fixed smooth images, each with its own fixed prompt. */
    public static TrainingExamples fixedImages(int count, int imageSize, int promptDim) {
        float[][] images = new float[count][3 * imageSize * imageSize];
        SplittableRandom random = new SplittableRandom(5);
        for (float[] image : images) {
            double fx = 1 + random.nextInt(3), fy = 1 + random.nextInt(3), phase = random.nextDouble() * 6;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < imageSize; y++) {
                    for (int x = 0; x < imageSize; x++) {
                        image[(c * imageSize + y) * imageSize + x] = (float) (0.8 * Math.sin(
                                fx * x * Math.PI / imageSize + fy * y * Math.PI / imageSize + phase + c));
                    }
                }
            }
        }
        return new TrainingExamples() {
            @Override
            public int size() {
                return count;
            }

            @Override
            public void copyPixels(int index, float[] target, int offset) {
                System.arraycopy(images[index], 0, target, offset, images[index].length);
            }

            @Override
            public AcditCondition condition(int index, SplittableRandom r) {
                return new AcditCondition.Prompted(prompt("image " + index, promptDim, index),
                        index % 2 == 0 ? EmojiStyle.GOOGLE : EmojiStyle.TWITTER);
            }
        };
    }

    /**
     * The conditions of a twin parity fixture (training/parity.py): prompted items carry the fixture's
     * {@code prompt} row and the style its {@code style} entry names in {@code styles}; items whose {@code keep}
     * byte is 0 get the null condition.
     */
    public static List<AcditCondition> parityConditions(Map<String, TensorData> batch, List<EmojiStyle> styles) {
        long[] shape = batch.get("prompt").shape();
        int items = Math.toIntExact(shape[0]);
        int dim = Math.toIntExact(shape[1]);
        float[] prompts = TensorArrays.floats(batch.get("prompt"));
        int[] style = TensorArrays.ints(batch.get("style"));
        byte[] keep = batch.get("keep").bytes();
        List<AcditCondition> out = new java.util.ArrayList<>();
        for (int b = 0; b < items; b++) {
            float[] vector = new float[dim];
            System.arraycopy(prompts, b * dim, vector, 0, dim);
            out.add(keep[b] == 0 ? AcditCondition.NONE
                    : new AcditCondition.Prompted(new PromptEmbedding("parity item " + b, vector), styles.get(style[b])));
        }
        return out;
    }
}
