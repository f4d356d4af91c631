package dev.tessera.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.AggregatorConfig;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Provenance;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./tessera generate} renders U-Net and AFA ensemble files as it renders ACDiT ones, dispatching on the kind. */
class EnsembleGenerateCliTest {

    private static final UnetConfig TINY = TinyEnsembles.TINY;
    private static final Provenance PROVENANCE = TinyEnsembles.PROVENANCE;

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

    private Path unet(String name, long seed) throws Exception {
        return TinyEnsembles.unet(temp.resolve(name), seed);
    }
}
