package dev.tessera.app.generate;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.RoutingRecorder;
import dev.tessera.ensemble.afa.RoutingTrace;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a request with an AFA ensemble while recording its routing ({@link RoutingRecorder}): the same
 * {@link UnetGenerator} path as a plain render of the ensemble, so the same request gives the same pixels, and
 * beside them which expert drew where at every step. What {@code eval routing} and the studio's routing view use.
 */
public final class EnsembleRouting {

    /** The images of the request, one per seed, and the routing of every one of them. */
    public record Routed(List<float[]> images, RoutingTrace trace) {}

    private EnsembleRouting() {}

    /** Renders {@code request} with a loaded ensemble. */
    public static Routed render(AfaEnsemble ensemble, GenerationRequest request, CancellationToken cancellation) {
        RoutingRecorder recorder = new RoutingRecorder(ensemble, request.count());
        List<float[]> images = new UnetGenerator(recorder.predictor(), ensemble.manager())
                .generate(request, BlockListener.NONE, cancellation);
        return new Routed(images, recorder.trace());
    }

    /** Loads the ensemble file, renders {@code request} and frees the ensemble. */
    public static Routed render(Path ensembleFile, GenerationRequest request, CancellationToken cancellation)
            throws ModelFileException {
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.load(ensembleFile, manager)) {
            return render(ensemble, request, cancellation);
        }
    }
}
