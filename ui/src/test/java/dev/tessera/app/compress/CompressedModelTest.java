package dev.tessera.app.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.models.ModelDetails;
import dev.tessera.compression.CompressionOptions;
import dev.tessera.compression.ModelCompressor;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.SafetensorsDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compressed model is an ordinary model file: the generation service renders it and the model list describes it. */
class CompressedModelTest {

    @TempDir Path dir;

    @Test
    void aPrunedInt4ModelRendersAndIsListedWithWhatWasDone() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path whole = TinyAcditModelFile.write(models.resolve("tiny.safetensors"),
                TinyAcditModelFile.config(16, 2).withDepth(3));
        CompressionOptions options = new CompressionOptions(0.2, Optional.empty(), true, UpdateScaling.CONTINUOUS,
                Optional.of(new Int4Quantizer(new Int4Weights.Settings(32, Int4Weights.Scheme.ASYMMETRIC), SafetensorsDType.F16)),
                8, Distiller.Options.defaults());
        Path small = models.resolve("tiny-small.safetensors");
        ModelCompressor.compress(new ModelCompressor.Source(whole, "abc", "test"), small, options,
                config -> AcditFixtures.fixedImages(8, 16, config.promptDim()), ModelCompressor.Listener.NONE,
                CancellationToken.none());

        GenerationRequest request = new GenerationRequest("cat face", "google", 3, 2, 1.5, 0, null, 1);
        try (GenerationService service = GenerationService.open(small)) {
            float[] image = service.render(request, BlockListener.NONE, CancellationToken.none()).get(0);
            assertEquals(3 * 16 * 16, image.length);
        }

        InstalledModel listed = new ModelCatalogue(dir.resolve("none"), models).list().stream()
                .filter(m -> m.name().equals("tiny-small")).findFirst().orElseThrow();
        assertEquals("acdit", listed.kind());
        ModelDetails details = ModelDetails.of(listed);
        assertTrue(details.config().stream().anyMatch(e -> e.name().equals("removed") && e.value().contains("\"layer\":2")),
                details.config().toString());
        List<String> other = details.other().stream().map(e -> e.name() + "=" + e.value()).toList();
        assertTrue(other.contains("tessera.int4.scheme=asymmetric"), other.toString());
        assertTrue(other.stream().anyMatch(o -> o.startsWith("tessera.compression.recipe=pruned to a budget of 20 %")),
                other.toString());
    }
}
