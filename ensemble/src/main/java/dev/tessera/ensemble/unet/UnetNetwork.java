package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.ConditionEmbedding;
import dev.tessera.generation.acdit.model.TimestepEmbedding;
import dev.tessera.generation.nn.Activations;
import dev.tessera.generation.nn.Conv2d;
import dev.tessera.generation.nn.GroupNorm;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The U-Net ε-predictor over CHW images (docs/ensemble.md). The condition vector is the timestep embedding
 * plus the condition embedding (prompt and style, or the learned null vector), the same two embeddings ACDiT
 * uses; every ResBlock reads SiLU of it through its own FiLM layer.
 *
 * <p>Parameters, in the order of the forward pass ({@code l} a level, {@code r} a block):
 * {@code time.fc1|fc2}, {@code cond.prompt|style|null}, {@code conv_in}, {@code down.l.res.r.*} and
 * {@code down.l.attn.r.*} (attending levels), {@code down.l.downsample} (all levels but the last),
 * {@code mid.res1|attn|res2}, {@code up.l.res.r.*} ({@code resBlocks + 1} per level, the last level's first),
 * {@code up.l.attn.r.*}, {@code up.l.upsample} (all levels but the first), {@code out_norm}, {@code conv_out}.
 *
 * <p>Initial weights: convolutions He-normal, Dense layers N(0, 1/in), GroupNorm scale 1 and shift 0, and
 * zero for every ResBlock's {@code conv2}, every attention's {@code proj} and {@code conv_out}: a fresh
 * network predicts ε = 0 and each of its residual blocks starts as the identity (or its skip convolution).
 */
public final class UnetNetwork {

    private final UnetConfig config;
    private final TimestepEmbedding time;
    private final ConditionEmbedding condition;
    private final Conv2d inputConv;
    private final List<UnetStage> stages = new ArrayList<>();
    private final GroupNorm outputNorm;
    private final Conv2d outputConv;

    public UnetNetwork(UnetConfig config, ParameterStore store, ParameterInit init) {
        this.config = config;
        int embed = config.embedWidth();
        int groups = config.groups();
        time = new TimestepEmbedding(store, init, "time", embed);
        condition = new ConditionEmbedding(config.promptDim(), config.styles(), embed, store, init);
        inputConv = Conv2d.create(store, init, "conv_in", UnetConfig.CHANNELS, config.channels(), 3, 1);
        Deque<Integer> skipWidths = new ArrayDeque<>();
        skipWidths.push(config.channels());
        int width = config.channels();
        int levels = config.levels();
        for (int level = 0; level < levels; level++) {
            String name = "down." + level;
            for (int r = 0; r < config.resBlocks(); r++) {
                ResBlock res = new ResBlock(store, init, name + ".res." + r, width, config.width(level), embed, groups);
                width = config.width(level);
                stages.add(new UnetStage.Down(res, attention(store, init, level, name + ".attn." + r, width)));
                skipWidths.push(width);
            }
            if (level < levels - 1) {
                stages.add(new UnetStage.Downsample(Conv2d.create(store, init, name + ".downsample", width, width, 3, 2)));
                skipWidths.push(width);
            }
        }
        stages.add(new UnetStage.Middle(new ResBlock(store, init, "mid.res1", width, width, embed, groups),
                new SelfAttention(store, init, "mid.attn", width, groups, config.heads()),
                new ResBlock(store, init, "mid.res2", width, width, embed, groups)));
        for (int level = levels - 1; level >= 0; level--) {
            String name = "up." + level;
            for (int r = 0; r <= config.resBlocks(); r++) {
                int in = width + skipWidths.pop();
                ResBlock res = new ResBlock(store, init, name + ".res." + r, in, config.width(level), embed, groups);
                width = config.width(level);
                stages.add(new UnetStage.Up(res, attention(store, init, level, name + ".attn." + r, width)));
            }
            if (level > 0) {
                stages.add(new UnetStage.Upsample(Conv2d.create(store, init, name + ".upsample", width, width, 3, 1)));
            }
        }
        outputNorm = GroupNorm.create(store, "out_norm", width, groups);
        outputConv = Conv2d.zeros(store, "conv_out", width, UnetConfig.CHANNELS, 3, 1);
    }

    private SelfAttention attention(ParameterStore store, ParameterInit init, int level, String name, int width) {
        return config.attends(level) ? new SelfAttention(store, init, name, width, config.groups(), config.heads()) : null;
    }

    public UnetConfig config() {
        return config;
    }

    /**
     * ε for noisy images {@code x} [B, 3, S, S] at timesteps {@code t} [B] (float), one condition per item;
     * the result lives on x's manager.
     */
    public NDArray forward(NDArray x, NDArray t, List<AcditCondition> conditions) {
        long batch = x.getShape().get(0);
        if (conditions.size() != batch || t.getShape().size() != batch) {
            throw new IllegalArgumentException("need one timestep and one condition per image: images " + x.getShape()
                    + ", timesteps " + t.getShape() + ", " + conditions.size() + " conditions");
        }
        NDArray embeddingSilu = embeddingSilu(t, conditions);
        Deque<NDArray> skips = new ArrayDeque<>();
        NDArray h = inputConv.forward(x);
        skips.push(h);
        for (UnetStage stage : stages) {
            h = stage.forward(h, skips, embeddingSilu);
        }
        return outputConv.forward(Activations.silu(outputNorm.forward(h)));
    }

    /** What every FiLM layer reads: SiLU(time(t) + cond(conditions)) [B, E], on t's manager. */
    public NDArray embeddingSilu(NDArray t, List<AcditCondition> conditions) {
        NDArray times = t.toType(DataType.FLOAT32, false).reshape(-1);
        return Activations.silu(time.forward(times).add(condition.embed(conditions, t.getManager())));
    }

    /** Stages between the input convolution and the output head, in order (for the aggregator's points). */
    int stageCount() {
        return stages.size();
    }
}
