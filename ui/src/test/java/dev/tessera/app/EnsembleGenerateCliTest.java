package dev.tessera.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.AggregatorConfig;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.random.NoiseSource;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./tessera generate} renders U-Net and AFA ensemble files as it renders ACDiT ones, dispatching on the kind. */
class EnsembleGenerateCliTest {

    private static final UnetConfig TINY = new UnetConfig(16, 16, List.of(1, 2), 1, List.of(8), 4, 2, 384,
            List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    private static final Provenance PROVENANCE = new Provenance("test", 0, 0, Instant.parse("2026-01-01T00:00:00Z"),
            "none", Map.of());

    @TempDir
    Path temp;

    @Test
    void generateRendersAUnetAndAnEnsembleWithTheSamePixelsForTheSameSeed() throws Exception {
        Path google = unet("a.safetensors", 1);
        Path twitter = unet("b.safetensors", 2);
        Path ensemble = temp.resolve("afa.safetensors");
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble afa = AfaEnsemble.assemble(List.of(google, twitter), new AggregatorConfig(4), 1, manager)) {
            afa.save(ensemble, PROVENANCE);
        }
        assertTrue(RequestValidation.modelFile(ensemble).message().isEmpty(), "an ensemble is a model generate takes");
        assertTrue(RequestValidation.acditModelFile(ensemble).message().orElse("").contains("is not an ACDiT model"));

        int[] unetImage = generate(google, "u1");
        assertArrayEquals(unetImage, generate(google, "u2"), "same seed, same pixels");
        int[] ensembleImage = generate(ensemble, "e1");
        assertArrayEquals(ensembleImage, generate(ensemble, "e2"), "same seed, same pixels");
        assertFalse(java.util.Arrays.equals(unetImage, ensembleImage), "the ensemble mixes in the other expert");

        CliRun video = CliRun.of("generate", "--video", "--prompt", "cat face", "--steps", "2", "--model",
                ensemble.toString(), "--out", temp.resolve("clip.gif").toString());
        assertEquals(1, video.exit(), video.err());
        assertTrue(video.err().contains("this is an AFA ensemble: it makes images, not clips"), video.err());
    }

    /** Renders one image of "cat face" at seed 7 with {@code model} into its own folder; its pixels. */
    private int[] generate(Path model, String folder) throws Exception {
        Path out = temp.resolve(folder);
        CliRun r = CliRun.of("generate", "--quiet", "--prompt", "cat face", "--seed", "7", "--steps", "3", "--model",
                model.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        try (Stream<Path> files = Files.list(out)) {
            Path png = files.filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow();
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(TINY.imageSize(), image.getWidth());
            return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        }
    }

    /** A fresh tiny U-Net whose output layer is made non-zero, so it predicts some noise. */
    private Path unet(String name, long seed) throws Exception {
        Path file = temp.resolve(name);
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetModel.initialise(TINY, seed, manager)) {
            NDArray out = model.parameters().get("conv_out.weight");
            float[] noise = NoiseSource.of(seed).stream(5).gaussian(Math.toIntExact(out.size()));
            for (int i = 0; i < noise.length; i++) {
                noise[i] *= 0.05f;
            }
            try (NDManager scratch = manager.newSubManager()) {
                out.addi(scratch.create(noise, out.getShape()));
            }
            UnetModel.save(file, model.parameters(), TINY, PROVENANCE);
        }
        return file;
    }
}
