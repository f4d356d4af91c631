package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.nn.Dense;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import java.util.List;

/**
 * Condition → one vector per image: Dense(prompt embedding) + a learned embedding per style, or a
 * learned null vector for {@link AcditCondition.Unconditional} (prompt AND style dropped). Shared by
 * every Tessera denoiser (ACDiT, the ensemble's U-Net); its parameters are {@code cond.prompt},
 * {@code cond.style} and {@code cond.null}.
 */
public final class ConditionEmbedding {

    private final int promptDim;
    private final List<EmojiStyle> styles;
    private final Dense prompt;
    private final NDArray styleTable;
    private final NDArray nullVector;

    ConditionEmbedding(AcditConfig config, ParameterStore store, ParameterInit init) {
        this(config.promptDim(), config.styles(), config.width(), store, init);
    }

    /** Embeds prompts of {@code promptDim} floats and the given styles (in table order) into {@code width} floats. */
    public ConditionEmbedding(int promptDim, List<EmojiStyle> styles, int width, ParameterStore store,
            ParameterInit init) {
        this.promptDim = promptDim;
        this.styles = List.copyOf(styles);
        prompt = Dense.create(store, init, "cond.prompt", promptDim, width, true);
        // Unit-variance style vectors, as loud as the scaled prompt's projection from the first step: at
        // std 0.02 a 2,500-step run learned almost no style (53 % style accuracy, docs/results/acdit.md).
        styleTable = store.add("cond.style", m -> init.normal(m, "cond.style", new Shape(styles.size(), width), 1.0));
        nullVector = store.add("cond.null", m -> init.normal(m, "cond.null", new Shape(width), 0.02));
    }

    /** [B, width] on {@code manager}. */
    public NDArray embed(List<AcditCondition> conditions, NDManager manager) {
        int batch = conditions.size();
        int dim = promptDim;
        int styleCount = styles.size();
        float[] prompts = new float[batch * dim];
        float[] oneHot = new float[batch * styleCount];
        float[] keep = new float[batch];
        float[] drop = new float[batch];
        for (int b = 0; b < batch; b++) {
            if (conditions.get(b) instanceof AcditCondition.Prompted p) {
                float[] vector = p.prompt().vector();
                if (vector.length != dim) {
                    throw new IllegalArgumentException("prompt embedding has " + vector.length + " floats, the model takes " + dim);
                }
                // MiniLM vectors are unit-norm (components ≈ 1/√dim); scaled to unit-variance
                // components, the prompt speaks as loudly as the timestep from the first step.
                float gain = (float) Math.sqrt(dim);
                for (int i = 0; i < dim; i++) {
                    prompts[b * dim + i] = vector[i] * gain;
                }
                oneHot[b * styleCount + styleIndex(p.style())] = 1f;
                keep[b] = 1f;
            } else {
                drop[b] = 1f;
            }
        }
        NDArray prompted = prompt.forward(manager.create(prompts, new Shape(batch, dim)))
                .add(manager.create(oneHot, new Shape(batch, styleCount)).matMul(styleTable));
        // Blend rather than branch so one batch can mix prompted and null items (dropout, guidance).
        return prompted.mul(manager.create(keep, new Shape(batch, 1)))
                .add(manager.create(drop, new Shape(batch, 1)).mul(nullVector));
    }

    private int styleIndex(EmojiStyle style) {
        int index = styles.indexOf(style);
        if (index < 0) {
            throw new IllegalArgumentException("this model knows styles " + styles + ", not " + style);
        }
        return index;
    }
}
