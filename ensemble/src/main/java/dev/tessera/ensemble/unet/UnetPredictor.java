package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import dev.tessera.generation.acdit.model.AcditCondition;
import java.util.List;

/**
 * An ε-predictor over the images of a U-Net architecture: one expert, or several combined (an AFA ensemble,
 * feature or output averaging). The loss ({@link UnetLoss}) and the sampler ({@link UnetSampler}) take any.
 */
public interface UnetPredictor {

    /** ε for noisy images x [B, 3, S, S] at timesteps t [B] (float), one condition per item, on x's manager. */
    NDArray forward(NDArray x, NDArray t, List<AcditCondition> conditions);

    /** The architecture whose images and conditions it takes. */
    UnetConfig config();
}
