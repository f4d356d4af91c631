package dev.tessera.app.queue;

import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.video.ClipFormat;
import dev.tessera.app.video.ClipRendering;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The production renderer: {@link GenerationService} with the job's model, rendered on the given
 * {@link RenderLane}. The lane keeps the model loaded across jobs and shares it, and its one
 * thread, with every other render of the process (the studio's Generate page, for one).
 */
public final class GenerationServiceRenderer implements JobRenderer {

    private final RenderLane lane;

    public GenerationServiceRenderer(RenderLane lane) {
        this.lane = lane;
    }

    @Override
    public List<Path> render(Job job, ProgressListener progress, CancellationToken cancellation)
            throws IOException {
        return lane.call("queue job " + job.id() + " seed " + job.request().seed(), () -> {
            // The token may have been cancelled while this waited for the lane.
            cancellation.throwIfCancelled(0, 1);
            GenerationService generation = lane.serviceFor(job.modelFile());
            if (job.clip() != null) {
                // One clip per seed, named like the images (<seed>-<prompt>) so a crash leaves it recognisable.
                Path gif = job.outputFolder().resolve(GenerationService.baseName(job.request().seed(),
                        job.request().prompt(), job.fileLabel()) + ClipFormat.GIF.extension());
                return new ClipRendering(generation).renderTo(job.request(), job.clip(), gif, ClipRendering.DEFAULT_SCALE,
                        listener(progress), cancellation);
            }
            return generation.writeImages(job.request(), generation.render(job.request(), listener(progress),
                    cancellation), job.outputFolder(), job.fileLabel());
        });
    }

    private static BlockListener listener(ProgressListener progress) {
        return new BlockListener() {
            @Override
            public void onStep(BlockStep step) {
                progress.progress(step.stepsDone() / (double) step.imageSteps());
            }

            @Override
            public boolean wantsPreviews() {
                return false;
            }
        };
    }
}
