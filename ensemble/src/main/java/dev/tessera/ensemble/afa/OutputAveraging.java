package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDArray;
import dev.tessera.ensemble.unet.FeatureMixer;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetNetwork;
import dev.tessera.ensemble.unet.UnetPredictor;
import dev.tessera.generation.acdit.model.AcditCondition;
import java.util.ArrayList;
import java.util.List;

/** The baseline that mixes only outputs: each expert runs alone and their ε are averaged. */
public record OutputAveraging(List<UnetNetwork> experts) implements UnetPredictor {

    public OutputAveraging {
        experts = UnetNetwork.ofOneArchitecture(experts);
    }

    @Override
    public NDArray forward(NDArray x, NDArray t, List<AcditCondition> conditions) {
        List<NDArray> eps = new ArrayList<>(experts.size());
        for (UnetNetwork expert : experts) {
            eps.add(expert.forward(x, t, conditions));
        }
        return FeatureMixer.mean(eps);
    }

    @Override
    public UnetConfig config() {
        return experts.get(0).config();
    }
}
