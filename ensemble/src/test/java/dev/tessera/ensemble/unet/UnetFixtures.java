package dev.tessera.ensemble.unet;

import static dev.tessera.generation.modelfile.TensorArrays.floats;
import static dev.tessera.generation.modelfile.TensorArrays.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.random.NoiseSource;
import java.util.List;
import java.util.Map;

/** Tiny U-Nets for tests, and perturbed ones (a fresh network predicts exactly zero). */
public final class UnetFixtures {

    private UnetFixtures() {}

    /** 16×16 images, 2 levels (16 and 32 channels), one ResBlock a level, attention at 8 px, 8-float prompts. */
    public static UnetConfig tiny() {
        return new UnetConfig(16, 16, List.of(1, 2), 1, List.of(8), 4, 2, 8,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    }

    /** The experts' architecture (configs/unet/*.json). */
    public static UnetConfig expert() {
        return new UnetConfig(32, 32, List.of(1, 2, 2), 2, List.of(8), 8, 4, 384,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    }

    /** The twin's parity fixture: the experts' geometry at half the channels and one ResBlock a level (parity.py). */
    public static UnetConfig parityFixture() {
        return new UnetConfig(32, 16, List.of(1, 2, 2), 1, List.of(8), 8, 4, 384,
                List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    }

    /** A model whose every parameter (zero-initialised ones too) gets N(0, scale²) added. */
    public static UnetModel perturbed(UnetConfig config, long seed, double scale, NDManager parent) {
        UnetModel model = UnetModel.initialise(config, seed, parent);
        long stream = 0;
        for (Map.Entry<String, NDArray> entry : model.parameters().asMap().entrySet()) {
            NDArray p = entry.getValue();
            float[] noise = NoiseSource.of(seed).stream(99, stream++).gaussian(Math.toIntExact(p.size()));
            for (int i = 0; i < noise.length; i++) {
                noise[i] *= (float) scale;
            }
            try (NDManager scratch = parent.newSubManager()) {
                p.addi(scratch.create(noise, p.getShape()));
            }
        }
        return model;
    }

    /** {@code count} prompted conditions with fixed random prompts, alternating the config's first two styles. */
    public static List<AcditCondition> conditions(UnetConfig config, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> (AcditCondition) new AcditCondition.Prompted(
                        AcditFixtures.prompt("item " + i, config.promptDim(), i), config.styles().get(i % 2)))
                .toList();
    }

    /** Root mean square of {@code values}. */
    public static double rms(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / values.length);
    }

    /** The largest absolute difference between two arrays of one length (a parity test's measure). */
    public static double largestDifference(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("lengths " + expected.length + " and " + actual.length + " differ");
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        return worst;
    }

    /**
     * A twin parity case's check of the forward pass: {@code predictor}'s ε for the case's noisy images, timesteps
     * and conditions is the twin's to {@code tolerance}, and the twin's ε is far enough from zero (rms above
     * {@code minimumRms}) to prove anything.
     */
    public static void assertPredictsTheTwinsNoise(UnetPredictor predictor, Map<String, TensorData> batch,
            List<AcditCondition> conditions, NDManager manager, double tolerance, double minimumRms) {
        int s = predictor.config().imageSize();
        int[] t = ints(batch.get("timesteps"));
        float[] times = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            times[i] = t[i];
        }
        NDArray noisy = manager.create(floats(batch.get("noisy")), new Shape(t.length, 3, s, s));
        float[] actual = predictor.forward(noisy, manager.create(times), conditions).toFloatArray();
        float[] expected = floats(batch.get("expected_noise"));
        double worst = largestDifference(expected, actual);
        assertTrue(worst <= tolerance, "largest difference from the twin's ε: " + worst);
        double rms = rms(expected);
        assertTrue(rms > minimumRms, "the fixture's ε must be far from zero to prove anything, rms " + rms);
    }

    /** A twin parity case's check of the loss: {@link UnetLoss} on the case's draws is the twin's to {@code tolerance}. */
    public static void assertLossEqualsTheTwins(UnetPredictor predictor, Map<String, TensorData> batch,
            List<AcditCondition> conditions, NDManager manager, double tolerance) {
        UnetBatch drawn = new UnetBatch(predictor.config().imageSize(), floats(batch.get("clean")),
                floats(batch.get("noise")), ints(batch.get("timesteps")), conditions);
        UnetLoss loss = new UnetLoss(predictor, null, LinearNoiseSchedule.ddpm(), drawn.items(), null);
        float actual = loss.weightedLoss(manager, drawn).getFloat();
        float expected = floats(batch.get("expected_loss"))[0];
        assertEquals(expected, actual, tolerance * Math.max(1, Math.abs(expected)), "loss");
    }
}
