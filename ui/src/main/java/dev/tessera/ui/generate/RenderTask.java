package dev.tessera.ui.generate;

import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.history.History;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.ui.FxImages;
import dev.tessera.ui.SamplerTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Renders one request on the {@link RenderLane}: loads the model if needed, streams previews to the
 * FX thread, keeps every step's pictures, and saves the images into the history. Cancelling stops
 * the sampler within one step (or keeps a render still waiting for the lane from starting) and
 * nothing is saved.
 */
final class RenderTask extends SamplerTask<RenderOutcome> {

    /** Pictures are enlarged here, by whole pixels: ImageView's setSmooth(false) is not honoured by every pipeline. */
    static final int PREVIEW_BOX = 448;
    static final int THUMBNAIL_BOX = 96;

    private final RenderLane lane;
    private final History history;
    private final Path modelFile;
    private final GenerationRequest request;
    private final Consumer<LivePreview> onPreview;
    private final AtomicReference<LivePreview> pendingStep = new AtomicReference<>();

    RenderTask(RenderLane lane, History history, Path modelFile, GenerationRequest request,
            Consumer<LivePreview> onPreview) {
        this.lane = lane;
        this.history = history;
        this.modelFile = modelFile;
        this.request = request;
        this.onPreview = onPreview;
        // Created on the FX thread, so this shows at once; a queue job's image may hold the lane.
        updateMessage(lane.busy() ? "Waiting for the render under way (a queue job or a replay) to finish…" : "Starting…");
    }

    @Override
    protected RenderOutcome call() throws Exception {
        updateMessage("Loading model " + modelFile.getFileName() + "…");
        GenerationService service = lane.serviceFor(modelFile);
        token().throwIfCancelled(0, 1);
        updateMessage("Rendering " + request.count() + (request.count() == 1 ? " image…" : " images…"));
        List<StepFrame> frames = new ArrayList<>();
        List<float[]> images = service.render(request, new Listener(frames), token());
        token().throwIfCancelled(0, 1); // a cancel that arrived after the last step still saves nothing
        List<Path> files = history.save(service, request, images);
        List<GeneratedImage> results = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            float[] chw = images.get(i);
            results.add(new GeneratedImage(chw, service.recipe(request, i), files.get(i),
                    FxImages.fitting(chw, THUMBNAIL_BOX), FxImages.fitting(chw, PREVIEW_BOX)));
        }
        frames.add(StepFrame.finalPictures(images));
        updateMessage("Done");
        return new RenderOutcome(results, frames);
    }


    /** Runs on the render thread: records frames, reports progress, and hands previews to the FX thread. */
    private final class Listener implements BlockListener {

        private final List<StepFrame> frames;

        Listener(List<StepFrame> frames) {
            this.frames = frames;
        }

        @Override
        public void onStep(BlockStep step) {
            frames.add(new StepFrame(step.block(), step.blockCount(), step.step(), step.stepsPerBlock(),
                    step.preview()));
            updateProgress(step.stepsDone(), step.imageSteps());
            LivePreview preview = new LivePreview(FxImages.fitting(step.preview().get(0), PREVIEW_BOX),
                    frames.get(frames.size() - 1).describe(), step.block(), step.blockCount(), false);
            // Merge step previews the FX thread has not shown yet: it never queues more than one.
            if (pendingStep.getAndSet(preview) == null) {
                Platform.runLater(() -> {
                    LivePreview latest = pendingStep.getAndSet(null);
                    if (latest != null && !isDone()) {
                        onPreview.accept(latest);
                    }
                });
            }
        }

        @Override
        public void onBlockDone(BlockDone done) {
            LivePreview preview = new LivePreview(FxImages.fitting(done.images().get(0), PREVIEW_BOX),
                    "Block " + (done.block() + 1) + " of " + done.blockCount() + " finished", done.block() + 1,
                    done.blockCount(), true);
            pendingStep.set(null);
            Platform.runLater(() -> onPreview.accept(preview));
        }
    }
}
