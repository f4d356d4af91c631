package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDArray;
import dev.tessera.ensemble.unet.FeatureMixer;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetNetwork;
import dev.tessera.ensemble.unet.UnetPredictor;
import dev.tessera.generation.acdit.model.AcditCondition;
import java.util.List;

/**
 * Experts of one architecture run side by side with their features mixed at every aggregation point
 * ({@link UnetNetwork#forwardMixed}): by an {@link Aggregator} (AFA), or by the plain mean (feature
 * averaging, what a fresh aggregator computes, at less cost). A {@link UnetPredictor}, so it samples and
 * trains as one U-Net does.
 */
public final class EnsembleNetwork implements UnetPredictor {

    private final List<UnetNetwork> experts;
    private final FeatureMixer mixer;

    public EnsembleNetwork(List<UnetNetwork> experts, FeatureMixer mixer) {
        this.experts = UnetNetwork.ofOneArchitecture(experts);
        this.mixer = mixer;
    }

    /** Feature averaging: every point mixes the experts with equal weights. */
    public static EnsembleNetwork featureAveraging(List<UnetNetwork> experts) {
        return new EnsembleNetwork(experts, FeatureMixer.average());
    }

    @Override
    public NDArray forward(NDArray x, NDArray t, List<AcditCondition> conditions) {
        return UnetNetwork.forwardMixed(experts, mixer, x, t, conditions);
    }

    @Override
    public UnetConfig config() {
        return experts.get(0).config();
    }

    public List<UnetNetwork> experts() {
        return experts;
    }
}
