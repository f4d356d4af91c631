package dev.tessera.ui.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.EnsembleConfig;
import dev.tessera.ensemble.afa.ExpertReference;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.random.NoiseSource;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.io.FileDigests;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.ui.PageWork.Tone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ensembles page's view model without a window or the FX toolkit, over tiny real U-Net experts (32×32, 8
 * channels) and the bundled training images: choosing experts, the refusals (one expert, mixed architectures, a
 * missing file, a taken name), the preview of plain averaging on a real render lane, training (finished, cancelled
 * after a step, cancelled before one), and saving an ensemble that renders the preview's pixels. Work runs inline
 * on the test thread, so each action has finished when it returns.
 */
class EnsembleBuilderViewModelTest {

    private static final List<EmojiStyle> STYLES = List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER);
    private static final UnetConfig TINY = new UnetConfig(32, 8, List.of(1, 2), 1, List.of(16), 4, 2, 384, STYLES);
    private static final UnetConfig WIDER = new UnetConfig(32, 16, List.of(1, 2), 1, List.of(16), 4, 2, 384, STYLES);
    private static final Provenance PROVENANCE = new Provenance("test", 0, 0, Instant.parse("2026-12-01T00:00:00Z"),
            "none", Map.of());

    @TempDir Path dir;
    private Path bundled;
    private ModelCatalogue catalogue;
    private RenderLane lane;
    private EnsembleBuilderViewModel model;
    private final List<InstalledModel> savedEvents = new ArrayList<>();
    /** Runs each UI action at once, then whatever the test asked to happen after it. */
    private Runnable afterUi = () -> {};

    @BeforeEach
    void open() throws Exception {
        bundled = Files.createDirectories(dir.resolve("bundled"));
        unet(bundled.resolve("unet-expert-a.safetensors"), TINY, 1);
        unet(bundled.resolve("unet-expert-b.safetensors"), TINY, 2);
        unet(bundled.resolve("unet-wide.safetensors"), WIDER, 3);
        catalogue = new ModelCatalogue(bundled, dir.resolve("user"));
        lane = new RenderLane();
        Files.writeString(Files.createDirectories(dir.resolve("work").resolve("left-by-a-closed-studio"))
                .resolve("averaging.safetensors"), "stale");
        Executor inline = Runnable::run;
        Executor ui = action -> {
            action.run();
            afterUi.run();
        };
        model = new EnsembleBuilderViewModel(new EnsembleBuilderViewModel.Services(catalogue, lane, dir.resolve("work"),
                () -> "test-commit"), inline, ui);
        model.setOnSaved(savedEvents::add);
    }

    @AfterEach
    void close() {
        model.close();
        lane.close();
    }

    @Test
    void offersTheUnetsAndStartsWithNothingChosenInAClearedWorkFolder() {
        assertFalse(Files.exists(dir.resolve("work").resolve("left-by-a-closed-studio")), "stale work files deleted");
        assertEquals(List.of("unet-expert-a", "unet-expert-b", "unet-wide"),
                model.experts().stream().map(e -> e.model().name()).toList());
        assertFalse(model.readyProperty().get());
        assertEquals("Choose two or more U-Net experts of one architecture.", model.selectionProblemProperty().get());
    }

    @Test
    void oneExpertIsRefusedAndNothingRuns() {
        model.choose("unet-expert-a");
        assertFalse(model.readyProperty().get());
        String problem = model.selectionProblemProperty().get();
        assertTrue(problem.contains("needs 2 or more experts; only one is chosen"), problem);
        model.train();
        assertEquals(problem, model.messageProperty().get());
        assertEquals(Tone.ERROR, model.toneProperty().get());
        model.save();
        assertFalse(Files.exists(dir.resolve("user")), "nothing written into the user's models");
    }

    @Test
    void expertsOfDifferentArchitecturesAreRefusedNamingTheDifference() {
        model.choose("unet-expert-a", "unet-wide");
        assertFalse(model.readyProperty().get());
        String problem = model.selectionProblemProperty().get();
        assertTrue(problem.contains("experts of different architectures") && problem.contains("unet-wide.safetensors")
                && problem.contains("channels 16 (not 8)"), problem);
        assertEquals(Tone.ERROR, model.toneProperty().get());
        model.preview();
        assertTrue(model.previews().isEmpty());
        assertEquals(problem, model.messageProperty().get());
    }

    @Test
    void aMissingExpertFileIsRefusedNamingIt() throws Exception {
        Files.delete(bundled.resolve("unet-expert-b.safetensors")); // listed, then gone
        model.choose("unet-expert-a", "unet-expert-b");
        assertFalse(model.readyProperty().get());
        String problem = model.selectionProblemProperty().get();
        assertTrue(problem.contains("unet-expert-b.safetensors") && problem.contains("expert file not found"), problem);
    }

    @Test
    void picksPreviewsAveragingTrainsAndSavesAnEnsembleThatRendersThePreview() throws Exception {
        model.choose("unet-expert-a", "unet-expert-b");
        assertTrue(model.readyProperty().get(), model.selectionProblemProperty().get());
        assertTrue(model.architectureProperty().get().contains("8 channels"), model.architectureProperty().get());
        assertTrue(model.stateProperty().get().startsWith("Plain feature averaging"), model.stateProperty().get());
        assertEquals(STYLES, model.styles().stream().map(EnsembleBuilderViewModel.StyleChoice::style).toList());
        assertEquals("afa-a-b", model.saveNameProperty().get());

        model.seedProperty().set("7");
        model.preview();
        assertEquals(2, model.previews().size(), model.messageProperty().get());
        assertTrue(model.previews().get(0).caption().equals("google, plain feature averaging"),
                model.previews().get(0).caption());
        float[] averaged = model.previews().get(0).image();

        model.stepsProperty().set("4");
        model.batchProperty().set("2");
        model.train();
        assertFalse(model.busyProperty().get());
        assertEquals(Tone.SUCCESS, model.toneProperty().get(), model.messageProperty().get());
        assertEquals(List.of(1L, 2L, 3L, 4L), model.losses().stream().map(p -> p.step()).toList());
        assertTrue(model.losses().stream().allMatch(p -> Float.isFinite(p.loss()) && p.loss() > 0));
        assertTrue(model.stepTimeProperty().get().endsWith(" s a step"), model.stepTimeProperty().get());
        assertEquals(4, model.trainedProperty().get().stepsDone());
        assertFalse(model.trainedProperty().get().cancelled());
        assertTrue(model.stateProperty().get().contains("trained 4 steps"), model.stateProperty().get());
        // The shared trainer skips a step whose gradient is not finite (seen now and then early in a process); the
        // page says so, and only a run whose every step was skipped may still be plain averaging.
        boolean allSkipped = model.messageProperty().get().contains(" 4 steps were skipped");

        model.preview();
        assertEquals("google, after 4 training steps", model.previews().get(0).caption());
        float[] trained = model.previews().get(0).image();
        assertEquals(allSkipped, java.util.Arrays.equals(averaged, trained),
                "a trained aggregator is no longer plain averaging: " + model.messageProperty().get());

        // A taken name is refused with a free one offered; nothing is replaced.
        model.saveNameProperty().set("unet-expert-a");
        model.save();
        assertEquals(Tone.ERROR, model.toneProperty().get());
        assertTrue(model.messageProperty().get().contains("a model named “unet-expert-a” exists already (try"
                + " “unet-expert-a-2”)"), model.messageProperty().get());
        assertNull(model.savedProperty().get());

        model.saveNameProperty().set("my ensemble");
        model.save();
        InstalledModel saved = model.savedProperty().get();
        assertNotNull(saved, model.messageProperty().get());
        assertEquals(List.of(saved), savedEvents);
        assertEquals(dir.resolve("user").resolve("my ensemble.safetensors"), saved.file());
        assertTrue(catalogue.list().stream().anyMatch(m -> m.name().equals("my ensemble") && m.kind().equals("ensemble")));
        EnsembleConfig config = AfaEnsemble.checkHeader(saved.file());
        assertEquals(List.of(FileDigests.sha256(bundled.resolve("unet-expert-a.safetensors")),
                FileDigests.sha256(bundled.resolve("unet-expert-b.safetensors"))),
                config.experts().stream().map(ExpertReference::sha256).toList());
        try (GenerationService service = GenerationService.open(saved.file())) {
            float[] rendered = service.render(GenerationRequest.of(model.promptProperty().get(), "google", 7),
                    BlockListener.NONE, new CancellationToken()).get(0);
            assertTrue(java.util.Arrays.equals(trained, rendered), "the saved ensemble renders what the preview showed");
        }
        try (Stream<Path> files = Files.list(dir.resolve("user"))) {
            assertEquals(List.of("my ensemble.safetensors"), files.map(f -> f.getFileName().toString()).toList(),
                    "no temporary file is left in the models folder");
        }
    }

    @Test
    void aRunCancelledAfterAStepKeepsItsWeightsAndOneCancelledBeforeKeepsNothing() throws Exception {
        model.choose("unet-expert-a", "unet-expert-b");
        model.stepsProperty().set("50");
        model.batchProperty().set("2");
        afterUi = () -> {
            if (model.losses().size() == 1) {
                model.cancel(); // as the Cancel button would, once the first step's loss is drawn
            }
        };
        model.train();
        afterUi = () -> {};
        assertFalse(model.busyProperty().get());
        assertEquals(1, model.losses().size());
        assertTrue(model.messageProperty().get().startsWith("Training was cancelled after 1 of 50 steps: the"
                + " aggregator's weights after step 1"), model.messageProperty().get());
        assertEquals(1, model.trainedProperty().get().stepsDone());
        assertTrue(model.trainedProperty().get().cancelled());
        Path kept = model.trainedProperty().get().file();
        try (NDManager manager = OfflineEngine.newManager(); AfaEnsemble ensemble = AfaEnsemble.load(kept, manager)) {
            assertEquals(2, ensemble.aggregator().experts());
            assertEquals(1, ensemble.provenance().steps());
        }

        // Cancelled before its first step: nothing kept, the ensemble stays the one trained before.
        afterUi = () -> {
            if (model.activityProperty().get().startsWith("Loading the experts")) {
                model.cancel();
            }
        };
        model.train();
        afterUi = () -> {};
        assertTrue(model.messageProperty().get().contains("cancelled before its first step finished: nothing was"
                + " kept; the ensemble is the one trained before"), model.messageProperty().get());
        assertEquals(kept, model.trainedProperty().get().file());
        assertTrue(model.losses().isEmpty());
    }

    @Test
    void badStepsOrBatchAreExplainedAndNothingRuns() {
        model.choose("unet-expert-a", "unet-expert-b");
        model.stepsProperty().set("0");
        model.train();
        assertEquals("Steps must be 1 to 100000, not 0.", model.messageProperty().get());
        model.stepsProperty().set("3");
        model.batchProperty().set("lots");
        model.train();
        assertTrue(model.messageProperty().get().startsWith("Steps and batch must be whole numbers"));
        model.batchProperty().set("2");
        model.styles().forEach(s -> s.chosen().set(false));
        model.train();
        assertEquals("Choose at least one style whose training images the aggregator learns from.",
                model.messageProperty().get());
        assertNull(model.trainedProperty().get());
    }

    /** A fresh U-Net whose output layer is made non-zero, so it predicts some noise and experts differ. */
    private static void unet(Path file, UnetConfig config, long seed) throws Exception {
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel unet = UnetModel.initialise(config, seed, manager)) {
            NDArray out = unet.parameters().get("conv_out.weight");
            float[] noise = NoiseSource.of(seed).stream(5).gaussian(Math.toIntExact(out.size()));
            for (int i = 0; i < noise.length; i++) {
                noise[i] *= 0.05f;
            }
            try (NDManager scratch = manager.newSubManager()) {
                out.addi(scratch.create(noise, out.getShape()));
            }
            UnetModel.save(file, unet.parameters(), config, PROVENANCE);
        }
    }
}
