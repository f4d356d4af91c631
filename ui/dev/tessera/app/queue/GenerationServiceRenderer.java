package dev.tessera.app.queue;

import dev.tessera.app.generate.GenerationService;
import dev.tessera.generation.acdit.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The production renderer: {@link GenerationService} with the job's model, kept loaded while
 * consecutive jobs use the same model file.
 */
public final class GenerationServiceRenderer implements JobRenderer, AutoCloseable {

    private GenerationService service;
    private Path loadedModel;

    @Override
    public synchronized List<Path> render(Job job, ProgressListener progress, CancellationToken cancellation)
            throws IOException {
        GenerationService generation = serviceFor(job.modelFile());
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

    private GenerationService serviceFor(Path modelFile) throws IOException {
        if (service == null || !modelFile.equals(loadedModel)) {
            close();
            service = GenerationService.open(modelFile);
            loadedModel = modelFile;
        }
        return service;
    }

    @Override
    public synchronized void close() {
        if (service != null) {
            service.close();
            service = null;
            loadedModel = null;
        }
    }
}
