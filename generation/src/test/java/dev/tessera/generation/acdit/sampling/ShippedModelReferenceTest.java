package dev.tessera.generation.acdit.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.text.PromptEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped default model's pixels against a reference: a batch of two (guidance 4, style strength 1, so
 * three branches a step, 10 steps a block) and the first image alone. Every float within {@link #BOUND} and
 * every 8-bit pixel within one level. The reference is {@code sampling/shipped-reference.f32} (little-endian
 * floats, the batch's two images then the lone one), written by this test when run with
 * {@code -Dtessera.writeSamplingReference=true}. The first reference was written by the sampler as it was before
 * the per-call work of issue 25 (precomputed RoPE and position tables, fused modulation, fewer temporaries),
 * which the refactored sampler matched bit for bit. When the default model was replaced (session 20: the
 * width-192 INT4 model) the reference was written again, from the sampler of that commit, which had passed
 * against the old model, and again in session 23 (the same network after 4 minutes of INT4-aware distillation
 * instead of 1.5): write it only when the model changes, never to make a failing test pass.
 */
class ShippedModelReferenceTest {

    /**
     * On the CPU that wrote the reference, the refactored path matched it bit for bit (bound 0). On another CPU
     * libtorch picks other matrix kernels (AVX-512 against AVX2), which sum in another order: on such a machine
     * (session 19) the worst float differed by 6.9e-5 and 2 of 9,216 8-bit values by one level, where they sat on
     * a rounding edge. The bound is an eighth of an 8-bit level (1/127.5 apart): far above that rounding, far
     * below what a change in the maths moves (whole levels: a wrong RoPE angle, cache or modulation).
     */
    static final float BOUND = 1e-3f;

    private static final Path MODEL = Path.of("assets/models/acdit-default.safetensors");
    private static final Path REFERENCE = Path.of("generation/src/test/resources/sampling/shipped-reference.f32");

    @Test
    void theShippedModelDrawsTheReferencePixels() throws Exception {
        List<float[]> images = new ArrayList<>();
        try (NDManager manager = OfflineEngine.newManager(); AcditModel model = AcditModel.load(MODEL, manager)) {
            AcditSampler sampler = new AcditSampler(model, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()),
                    AcditSampler.ContextMode.KV_CACHE);
            PromptEncoder encoder = PromptEncoder.shared();
            List<AcditCondition> two = List.of(AcditCondition.of(encoder.encode("cat face"), EmojiStyle.GOOGLE),
                    AcditCondition.of(encoder.encode("rocket"), EmojiStyle.TWITTER));
            AcditGuidance guidance = new AcditGuidance(4, 1);
            images.addAll(sampler.sample(two, new long[] {7, 8}, guidance, SamplingOptions.steps(10), BlockListener.NONE));
            images.addAll(sampler.sample(two.subList(0, 1), new long[] {7}, guidance, SamplingOptions.steps(10),
                    BlockListener.NONE));
        }
        if (Boolean.getBoolean("tessera.writeSamplingReference")) {
            write(images);
        }
        float[] reference = read();
        int floats = images.get(0).length;
        assertEquals(reference.length, images.size() * floats, "reference size");
        float worst = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int j = 0; j < floats; j++) {
                float got = images.get(i)[j];
                float want = reference[i * floats + j];
                worst = Math.max(worst, Math.abs(got - want));
                assertTrue(Math.abs((ChwImages.toByte(want) & 0xFF) - (ChwImages.toByte(got) & 0xFF)) <= 1,
                        "image " + i + ", float " + j + ": 8-bit pixel " + (ChwImages.toByte(got) & 0xFF) + ", reference "
                                + (ChwImages.toByte(want) & 0xFF));
            }
        }
        assertTrue(worst <= BOUND, "largest difference from the reference " + worst + " exceeds " + BOUND);
    }

    private static void write(List<float[]> images) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(images.size() * images.get(0).length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] image : images) {
            for (float v : image) {
                bytes.putFloat(v);
            }
        }
        Files.createDirectories(REFERENCE.getParent());
        Files.write(REFERENCE, bytes.array());
    }

    private static float[] read() throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(REFERENCE)).order(ByteOrder.LITTLE_ENDIAN);
        float[] floats = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(floats);
        return floats;
    }
}
