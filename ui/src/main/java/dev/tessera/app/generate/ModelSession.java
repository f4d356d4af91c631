package dev.tessera.app.generate;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Keeps one {@link GenerationService} open across renders: loading a model takes a while, so it is
 * reloaded only when a different model file is asked for. Closing frees the model. Only the
 * {@link RenderLane} holds one, so a process never loads a model twice.
 */
final class ModelSession implements AutoCloseable {

    private GenerationService service;
    private Path loaded;
    private int loads;

    /** The service for {@code modelFile}, loading it (and closing the previous one) if needed. */
    synchronized GenerationService serviceFor(Path modelFile) throws IOException {
        if (service == null || !modelFile.equals(loaded)) {
            close();
            service = GenerationService.open(modelFile);
            loaded = modelFile;
            loads++;
        }
        return service;
    }

    /** How many times a model was loaded, for checking that unchanged models are not reloaded. */
    synchronized int loads() {
        return loads;
    }

    @Override
    public synchronized void close() {
        if (service != null) {
            service.close();
            service = null;
            loaded = null;
        }
    }
}
