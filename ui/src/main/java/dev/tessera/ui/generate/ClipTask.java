package dev.tessera.ui.generate;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.history.History;
import dev.tessera.app.video.ClipRendering;
import dev.tessera.app.video.ClipSettings;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.ui.FxImages;
import dev.tessera.ui.SamplerTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Renders one video request on the {@link RenderLane}, as {@link RenderTask} does an image request:
 * loads the model if needed, hands each finished block's frames (of the first clip) to the FX thread,
 * and saves the clips into the history only once all are done. Cancelling stops the sampler within one
 * step and nothing is saved.
 */
final class ClipTask extends SamplerTask<List<GeneratedClip>> {

    /** The frames of the first clip finished so far: {@code done} frames of {@code size}² pixels in {@code clip}. */
    record Frames(float[] clip, int size, int done, int total, int block, int blockCount) {}

    private final RenderLane lane;
    private final History history;
    private final Path modelFile;
    private final GenerationRequest request;
    private final ClipSettings settings;
    private final Consumer<Frames> onFrames;

    ClipTask(RenderLane lane, History history, Path modelFile, GenerationRequest request, ClipSettings settings,
            Consumer<Frames> onFrames) {
        this.lane = lane;
        this.history = history;
        this.modelFile = modelFile;
        this.request = request;
        this.settings = settings;
        this.onFrames = onFrames;
        updateMessage(lane.busy() ? "Waiting for the render under way (a queue job or a replay) to finish…" : "Starting…");
    }

    @Override
    protected List<GeneratedClip> call() throws Exception {
        updateMessage("Loading model " + modelFile.getFileName() + "…");
        GenerationService service = lane.serviceFor(modelFile);
        token().throwIfCancelled(0, 1);
        ClipRendering rendering = new ClipRendering(service);
        int size = service.imageSize();
        updateMessage("Rendering " + request.count() + (request.count() == 1 ? " clip" : " clips") + " of "
                + settings.frames() + " frames…");
        List<float[]> clips = rendering.render(request, settings, new Listener(size), token());
        token().throwIfCancelled(0, 1); // a cancel that arrived after the last step still saves nothing
        List<Path> folders = history.saveClips(rendering, request, settings, clips);
        List<GeneratedClip> results = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            float[] clip = clips.get(i);
            results.add(new GeneratedClip(clip, rendering.recipe(request, settings, i), folders.get(i),
                    FxImages.fitting(GeneratedClip.frameChw(clip, size, 0), RenderTask.THUMBNAIL_BOX)));
        }
        updateMessage("Done");
        return results;
    }


    /** On the render thread: progress per step, and each finished block's frames to the FX thread. */
    private final class Listener implements BlockListener {

        private final int size;

        Listener(int size) {
            this.size = size;
        }

        @Override
        public void onStep(BlockStep step) {
            updateProgress(step.stepsDone(), step.imageSteps());
        }

        @Override
        public void onBlockDone(BlockDone done) {
            float[] clip = done.images().get(0);
            int total = clip.length / (3 * size * size);
            // A block is whole frames: blocks 0..block are finished, the frames after them are still grey.
            Frames frames = new Frames(clip, size, total * (done.block() + 1) / done.blockCount(), total, done.block(),
                    done.blockCount());
            Platform.runLater(() -> onFrames.accept(frames));
        }

        @Override
        public boolean wantsPreviews() {
            return false; // a copy of the whole clip per step; the page shows finished blocks
        }
    }
}
