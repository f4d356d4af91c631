package dev.tessera.app.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.ModelCompressor;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.train.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wizard's steps without the page: what each refuses, what a cancelled step keeps, and that a comparison repeats exactly. */
class CompressionWorkbenchTest {

    private static final AcditConfig CONFIG = TinyAcditModelFile.config(16, 2).withDepth(3);
    private static final TrainingExamples EXAMPLES = AcditFixtures.fixedImages(8, 16, CONFIG.promptDim());
    private static final Optional<Int4Quantizer> INT4 = Optional.of(new Int4Quantizer(
            new Int4Weights.Settings(32, Int4Weights.Scheme.SYMMETRIC), SafetensorsDType.F16));

    @TempDir Path dir;
    private Path whole;

    @BeforeEach
    void writeModel() throws Exception {
        whole = dir.resolve("whole.safetensors");
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditFixtures.perturbed(CONFIG, 23, m)) {
            AcditModel.save(whole, model.parameters(), CONFIG, null);
        }
    }

    private static CompressionWorkbench open(Path file) throws Exception {
        return CompressionWorkbench.open(new ModelCompressor.Source(file, "abc", "test"), 8, config -> EXAMPLES);
    }

    @Test
    void aCancelledAnalysisKeepsTheOneBeforeAndNothingRunsOutOfOrder() throws Exception {
        try (CompressionWorkbench bench = open(whole)) {
            IllegalArgumentException early = assertThrows(IllegalArgumentException.class, () -> bench.plan(0.2));
            assertTrue(early.getMessage().contains("analysis first"), early.getMessage());
            assertThrows(IllegalStateException.class, () -> bench.compare(INT4, Int4Runtime.DEQUANTIZE_AT_LOAD, 2,
                    phase -> {}, CancellationToken.none()));
            int parts = bench.analyse(c -> {}, CancellationToken.none()).size();
            assertEquals(4 * CONFIG.depth(), parts);

            CancellationToken stop = new CancellationToken();
            CancellationException cancelled = assertThrows(CancellationException.class,
                    () -> bench.analyse(c -> stop.cancel(), stop));
            assertTrue(cancelled.getMessage().contains("after 1 of " + parts), cancelled.getMessage());
            assertEquals(parts, bench.contributions().size(), "the finished analysis is kept");

            for (double bad : new double[] {-0.1, 0.95, Double.NaN}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bench.plan(bad));
                assertTrue(e.getMessage().contains("(0, 0.9]"), e.getMessage());
            }
            assertTrue(bench.plan(0).isEmpty(), "0 plans no pruning");
            bench.distil(Optional.empty(), new CompressionWorkbench.DistillationSettings(Optional.empty(), true,
                    UpdateScaling.CONTINUOUS), ProgressListener.NONE, CancellationToken.none());
            IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class, () -> bench.compare(
                    Optional.empty(), Int4Runtime.DEQUANTIZE_AT_LOAD, 2, phase -> {}, CancellationToken.none()));
            assertTrue(nothing.getMessage().startsWith("Nothing to compress"), nothing.getMessage());
        }
    }

    @Test
    void theSameChoicesCompareToTheSamePixelsAndTheFileIsGoneWhenClosed() throws Exception {
        Path candidate;
        try (CompressionWorkbench bench = open(whole)) {
            bench.analyse(c -> {}, CancellationToken.none());
            var plan = bench.plan(0.3);
            var settings = new CompressionWorkbench.DistillationSettings(Optional.empty(), true, UpdateScaling.CONTINUOUS);
            bench.distil(plan, settings, ProgressListener.NONE, CancellationToken.none());
            Comparison first = bench.compare(INT4, Int4Runtime.DEQUANTIZE_PER_LAYER, 2, phase -> {}, CancellationToken.none());
            assertTrue(first.compressed().weightBytes() < 0.5 * first.original().weightBytes(), first.toString());
            bench.distil(plan, settings, ProgressListener.NONE, CancellationToken.none());
            Comparison second = bench.compare(INT4, Int4Runtime.DEQUANTIZE_AT_LOAD, 2, phase -> {}, CancellationToken.none());
            assertArrayEquals(first.compressedImages().pixels(), second.compressedImages().pixels());
            assertEquals(first.storedEpsilonError(), second.storedEpsilonError());
            assertFalse(Files.exists(first.candidate()), "the older candidate is deleted");
            candidate = bench.candidate().orElseThrow();
            assertTrue(Files.exists(candidate));
        }
        assertFalse(Files.exists(candidate), "an unsaved candidate does not outlive the wizard");
    }

    @Test
    void modelsTheWizardCannotCompressAreRefusedWithTheReason() throws Exception {
        IllegalArgumentException unet = assertThrows(IllegalArgumentException.class,
                () -> open(Path.of("assets", "models", "unet-expert-google.safetensors")));
        assertTrue(unet.getMessage().contains("U-Net expert"), unet.getMessage());
        Path int4 = dir.resolve("int4.safetensors");
        try (CompressionWorkbench bench = open(whole)) {
            bench.distil(Optional.empty(), new CompressionWorkbench.DistillationSettings(Optional.empty(), true,
                    UpdateScaling.CONTINUOUS), ProgressListener.NONE, CancellationToken.none());
            Files.copy(bench.compare(INT4, Int4Runtime.DEQUANTIZE_AT_LOAD, 1, phase -> {}, CancellationToken.none())
                    .candidate(), int4);
        }
        IllegalArgumentException packed = assertThrows(IllegalArgumentException.class, () -> open(int4));
        assertTrue(packed.getMessage().contains("already holds INT4 weights"), packed.getMessage());
        IllegalArgumentException calibration = assertThrows(IllegalArgumentException.class,
                () -> CompressionWorkbench.open(new ModelCompressor.Source(whole, "abc", "test"), 9, config -> EXAMPLES));
        assertTrue(calibration.getMessage().contains("at most 8"), calibration.getMessage());
    }
}
