package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetNetwork;
import dev.tessera.ensemble.unet.UnetPredictor;
import dev.tessera.generation.acdit.model.AcditCondition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records an ensemble's routing while it samples: sample with {@link #predictor()} in place of
 * {@link AfaEnsemble#network()} and read {@link #trace()}. At every model call it keeps, per aggregation point,
 * the aggregator's weights ({@link Aggregator#observedBy}, the aggregator's own arithmetic, so the pixels are
 * those of the plain ensemble) for the first {@code images} items of the call's batch: the prompted branch,
 * which the guidance wrappers put first (with guidance 0 only the unconditional branch runs, and that is
 * recorded). Not thread-safe: one sampling job at a time.
 */
public final class RoutingRecorder implements RoutingObserver {

    private final EnsembleNetwork network;
    private final List<String> points;
    private final List<String> experts;
    private final int images;
    private final List<RoutingTrace.Step> steps = new ArrayList<>();
    private double timestep;
    private RoutingTrace.PointMap[] current;

    /** Records the first {@code images} items of every call of {@code ensemble}. */
    public RoutingRecorder(AfaEnsemble ensemble, int images) {
        if (images < 1) {
            throw new IllegalArgumentException("record at least one image, got " + images);
        }
        List<UnetNetwork> networks = ensemble.experts().stream().map(UnetModel::network).toList();
        this.network = new EnsembleNetwork(networks, ensemble.aggregator().observedBy(this));
        this.images = images;
        List<String> names = new ArrayList<>();
        for (int k = 0; k < networks.get(0).aggregationPoints(); k++) {
            names.add(networks.get(0).pointName(k));
        }
        this.points = List.copyOf(names);
        this.experts = ensemble.expertFiles().stream().map(RoutingRecorder::expertName).toList();
    }

    /** An expert's name: its file name without {@code .safetensors}. */
    public static String expertName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.safetensors$", "");
    }

    /** The ensemble as an ε-predictor that records as it predicts; its outputs are the ensemble's. */
    public UnetPredictor predictor() {
        return new UnetPredictor() {
            @Override
            public NDArray forward(NDArray x, NDArray t, List<AcditCondition> conditions) {
                begin(t.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat(0));
                NDArray eps = network.forward(x, t, conditions);
                end();
                return eps;
            }

            @Override
            public UnetConfig config() {
                return network.config();
            }
        };
    }

    private void begin(double t) {
        timestep = t;
        current = new RoutingTrace.PointMap[points.size()];
    }

    private void end() {
        for (int k = 0; k < current.length; k++) {
            if (current[k] == null) {
                throw new IllegalStateException("aggregation point " + points.get(k) + " was not mixed in this call");
            }
        }
        steps.add(new RoutingTrace.Step(timestep, Arrays.asList(current)));
        current = null;
    }

    @Override
    public void observe(int point, NDArray weights) {
        if (current == null) {
            throw new IllegalStateException("weights observed outside a call of the recorder's predictor");
        }
        long[] shape = weights.getShape().getShape();
        if (shape[0] < images) {
            throw new IllegalStateException("the batch has " + shape[0] + " items, fewer than the " + images
                    + " images to record");
        }
        float[] kept = weights.get(new NDIndex("0:" + images)).toFloatArray();
        current[point] = new RoutingTrace.PointMap(images, (int) shape[1], (int) shape[2], kept);
    }

    /** Everything recorded so far. */
    public RoutingTrace trace() {
        return new RoutingTrace(points, experts, images, steps);
    }
}
