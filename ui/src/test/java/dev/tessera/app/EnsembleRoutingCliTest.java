package dev.tessera.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.EnsembleRouting;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.ensemble.afa.RoutingTrace;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./tessera eval routing} and the routed render under it, over a real tiny ensemble file. */
class EnsembleRoutingCliTest {

    @TempDir
    Path temp;

    @Test
    void aRoutedRenderHasThePixelsOfAPlainRenderOfTheSameRequest() throws Exception {
        Path ensemble = TinyEnsembles.ensemble(temp, "afa.safetensors", true);
        GenerationRequest request = new GenerationRequest("cat face", "google", 7, 3, 3.0, 1.0,
                SamplerKind.defaultKind(), 2);
        List<float[]> plain;
        try (GenerationService service = GenerationService.open(ensemble)) {
            plain = service.render(request, BlockListener.NONE, new CancellationToken());
        }
        EnsembleRouting.Routed routed = EnsembleRouting.render(ensemble, request, new CancellationToken());
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), routed.images().get(i), 0f, "image " + i);
        }
        RoutingTrace trace = routed.trace();
        assertEquals(2, trace.images());
        assertEquals(3, trace.steps().size());
        assertEquals(List.of("tiny-google", "tiny-twitter"), trace.experts());
    }

    @Test
    void evalRoutingWritesASheetPerPromptAndStyleAndTheTableWithTheUnionRow() throws Exception {
        Path ensemble = TinyEnsembles.ensemble(temp, "afa.safetensors", true);
        Path out = temp.resolve("routing");
        CliRun run = CliRun.of("eval", "routing", "--ensemble", ensemble.toString(), "--prompts", "cat face;rocket",
                "--seed", "7", "--steps", "3", "--columns", "3", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("01-cat-face-google.png", "01-cat-face-twitter.png", "02-rocket-google.png",
                    "02-rocket-twitter.png", "routing.csv", "routing.md"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        BufferedImage sheet = ImageIO.read(out.resolve("01-cat-face-google.png").toFile());
        assertTrue(sheet.getWidth() > 3 * 16 && sheet.getHeight() > 11 * 16, "11 points × 3 steps of 16-px maps");
        List<String> csv = Files.readAllLines(out.resolve("routing.csv"));
        assertEquals("point,band_from,band_to,weight_tiny-google,weight_tiny-twitter,entropy", csv.get(0));
        String[] union = csv.get(csv.size() - 1).split(",");
        assertEquals("all points", union[0]);
        assertEquals("", union[1], "the union spans every band");
        double google = Double.parseDouble(union[3]);
        double twitter = Double.parseDouble(union[4]);
        assertEquals(1.0, google + twitter, 1e-5);
        assertTrue(Math.abs(google - 0.5) > 1e-4, "a perturbed aggregator does not weigh the experts equally: " + google);
        String md = Files.readString(out.resolve("routing.md"));
        assertTrue(md.contains("**union**") && md.contains("2 prompts × 2 styles"), md);
        assertTrue(md.contains("collapsed") || md.contains("Collapsed"), md);
        assertTrue(md.contains("Each style's images alone") && md.contains("| point | google images | entropy |"
                + " twitter images | entropy |"), md);
    }

    @Test
    void aUnetIsNotAnEnsembleAndAnEmptyPromptListIsRefused() throws Exception {
        Path unet = TinyEnsembles.unet(temp.resolve("u.safetensors"), 1);
        CliRun run = CliRun.of("eval", "routing", "--ensemble", unet.toString(), "--prompts", "cat face",
                "--steps", "2", "--out", temp.resolve("o").toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("is not an ensemble model (model kind: unet)"), run.err());
        CliRun empty = CliRun.of("eval", "routing", "--ensemble", unet.toString(), "--prompts", " ; ",
                "--out", temp.resolve("o2").toString());
        assertFalse(empty.exit() == 0);
        assertTrue(empty.err().contains("--prompts: give at least one prompt"), empty.err());
    }
}
