package dev.tessera.app.queue;

import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.ModelSession;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The production renderer: {@link GenerationService} with the job's model, kept loaded while
 * consecutive jobs use the same model file.
 */
public final class GenerationServiceRenderer implements JobRenderer, AutoCloseable {

    private final ModelSession models = new ModelSession();

    @Override
    public synchronized List<Path> render(Job job, ProgressListener progress, CancellationToken cancellation)
            throws IOException {
        GenerationService generation = models.serviceFor(job.modelFile());
        BlockListener listener = new BlockListener() {
            @Override
            public void onStep(BlockStep step) {
                int total = step.blockCount() * step.stepsPerBlock();
                progress.progress((step.block() * step.stepsPerBlock() + step.step() + 1) / (double) total);
            }

            @Override
            public boolean wantsPreviews() {
                return false;
            }
        };
        return generation.renderToFolder(job.request(), job.outputFolder(), listener, cancellation);
    }

    @Override
    public void close() {
        models.close();
    }
}
