package dev.tessera.generation.judge;

import ai.djl.ndarray.NDArray;
import dev.tessera.generation.nn.Activations;
import dev.tessera.generation.nn.Conv2d;
import dev.tessera.generation.nn.Dense;
import dev.tessera.generation.nn.GroupNorm;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The judge: a small residual CNN over 32×32 RGB in [-1, 1] whose globally pooled penultimate
 * features feed three linear heads (identity, subcategory, style). Group norm keeps each image's
 * output independent of its batch.
 */
public final class JudgeNetwork {

    private final JudgeConfig config;
    private final Conv2d stem;
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final List<Conv2d> downsamples = new ArrayList<>();
    private final GroupNorm finalNorm;
    private final Dense identityHead;
    private final Dense subcategoryHead;
    private final Dense styleHead;

    public JudgeNetwork(JudgeConfig config, ParameterStore store, ParameterInit init) {
        this.config = config;
        List<Integer> widths = config.widths();
        stem = Conv2d.create(store, init, "stem", 3, widths.get(0), 3, 1);
        for (int s = 0; s < widths.size(); s++) {
            int width = widths.get(s);
            blocks.add(new ResidualBlock(store, init, "stage" + s, width, config.groups()));
            if (s + 1 < widths.size()) {
                downsamples.add(Conv2d.create(store, init, "down" + s, width, widths.get(s + 1), 3, 2));
            }
        }
        int features = config.featureDimension();
        finalNorm = GroupNorm.create(store, "final_norm", features, config.groups());
        identityHead = Dense.create(store, init, "head.identity", features, config.identityClasses(), true);
        subcategoryHead = Dense.create(store, init, "head.subcategory", features, config.subcategoryClasses(), true);
        styleHead = Dense.create(store, init, "head.style", features, config.styleClasses(), true);
    }

    public JudgeConfig config() {
        return config;
    }

    /** Penultimate features [B, D] of images [B, 3, H, W]; results live on the images' manager. */
    public NDArray features(NDArray images) {
        NDArray x = stem.forward(images);
        for (int s = 0; s < blocks.size(); s++) {
            x = blocks.get(s).forward(x);
            if (s < downsamples.size()) {
                x = downsamples.get(s).forward(x);
            }
        }
        NDArray activated = Activations.silu(finalNorm.forward(x));
        return activated.reshape(activated.getShape().get(0), activated.getShape().get(1), -1).mean(new int[] {2});
    }

    /** Features and the three heads' logits. */
    public JudgeOutput forward(NDArray images) {
        NDArray features = features(images);
        return new JudgeOutput(features, identityHead.forward(features), subcategoryHead.forward(features),
                styleHead.forward(features));
    }

    /** GN → SiLU → conv → GN → SiLU → conv, plus the input. */
    private static final class ResidualBlock {
        private final GroupNorm norm1;
        private final Conv2d conv1;
        private final GroupNorm norm2;
        private final Conv2d conv2;

        ResidualBlock(ParameterStore store, ParameterInit init, String name, int width, int groups) {
            norm1 = GroupNorm.create(store, name + ".norm1", width, groups);
            conv1 = Conv2d.create(store, init, name + ".conv1", width, width, 3, 1);
            norm2 = GroupNorm.create(store, name + ".norm2", width, groups);
            conv2 = Conv2d.create(store, init, name + ".conv2", width, width, 3, 1);
        }

        NDArray forward(NDArray x) {
            NDArray h = conv1.forward(Activations.silu(norm1.forward(x)));
            h = conv2.forward(Activations.silu(norm2.forward(h)));
            return x.add(h);
        }
    }
}
