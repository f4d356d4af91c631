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
 *
 * <p>A pruned network ({@link UnetConfig#removed}) has the same stages and aggregation points; a removed ResBlock
 * is its skip path alone and a removed attention is left out (the stage passes its input on).
 */
public final class UnetNetwork implements UnetPredictor {

    private final UnetConfig config;
    private final TimestepEmbedding time;
    private final ConditionEmbedding condition;
    private final Conv2d inputConv;
    private final List<UnetStage> stages = new ArrayList<>();
    private final List<Integer> pointWidths = new ArrayList<>();
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
        pointWidths.add(width);
        int levels = config.levels();
        for (int level = 0; level < levels; level++) {
            String name = "down." + level;
            for (int r = 0; r < config.resBlocks(); r++) {
                ResBlock res = resBlock(store, init, name + ".res." + r, width, config.width(level));
                width = config.width(level);
                addStage(new UnetStage.Down(res, attention(store, init, level, name + ".attn." + r, width)), width);
                skipWidths.push(width);
            }
            if (level < levels - 1) {
                addStage(new UnetStage.Downsample(Conv2d.create(store, init, name + ".downsample", width, width, 3, 2)),
                        width);
                skipWidths.push(width);
            }
        }
        addStage(new UnetStage.Middle(resBlock(store, init, "mid.res1", width, width),
                config.keeps("mid.attn") ? new SelfAttention(store, init, "mid.attn", width, groups, config.heads()) : null,
                resBlock(store, init, "mid.res2", width, width)), width);
        for (int level = levels - 1; level >= 0; level--) {
            String name = "up." + level;
            for (int r = 0; r <= config.resBlocks(); r++) {
                int in = width + skipWidths.pop();
                ResBlock res = resBlock(store, init, name + ".res." + r, in, config.width(level));
                width = config.width(level);
                addStage(new UnetStage.Up(res, attention(store, init, level, name + ".attn." + r, width)), width);
            }
            if (level > 0) {
                addStage(new UnetStage.Upsample(Conv2d.create(store, init, name + ".upsample", width, width, 3, 1)), width);
            }
        }
        outputNorm = GroupNorm.create(store, "out_norm", width, groups);
        outputConv = Conv2d.zeros(store, "conv_out", width, UnetConfig.CHANNELS, 3, 1);
        pointWidths.add(UnetConfig.CHANNELS);
        if (!pointWidths.equals(config.pointWidths())) {
            throw new IllegalStateException("aggregation points " + pointWidths + " differ from the config's "
                    + config.pointWidths());
        }
    }

    private void addStage(UnetStage stage, int outputWidth) {
        stages.add(stage);
        pointWidths.add(outputWidth);
    }

    /** The attention {@code name} where level {@code level} attends and pruning kept it, else null. */
    private SelfAttention attention(ParameterStore store, ParameterInit init, int level, String name, int width) {
        return config.attends(level) && config.keeps(name)
                ? new SelfAttention(store, init, name, width, config.groups(), config.heads()) : null;
    }

    /** The ResBlock {@code name}, or its skip path alone where pruning removed it. */
    private ResBlock resBlock(ParameterStore store, ParameterInit init, String name, int in, int out) {
        return new ResBlock(store, init, name, in, out, config.embedWidth(), config.groups(), config.keeps(name));
    }

    @Override
    public UnetConfig config() {
        return config;
    }

    @Override
    public NDArray forward(NDArray x, NDArray t, List<AcditCondition> conditions) {
        return forwardMixed(List.of(this), FeatureMixer.average(), x, t, conditions);
    }

    /**
     * ε of several experts of one architecture run side by side, their features mixed by {@code mixer} at
     * every aggregation point: after the input convolution, after each stage and on the final ε. The mixed
     * feature is what every expert's next stage reads, and the mixed output of a down stage is the skip every
     * expert's up stage reads. One expert with {@link FeatureMixer#average()} is that expert's plain forward
     * pass. Inputs as for {@link #forward}; the result lives on x's manager.
     */
    public static NDArray forwardMixed(List<UnetNetwork> experts, FeatureMixer mixer, NDArray x, NDArray t,
            List<AcditCondition> conditions) {
        long batch = x.getShape().get(0);
        if (conditions.size() != batch || t.getShape().size() != batch) {
            throw new IllegalArgumentException("need one timestep and one condition per image: images " + x.getShape()
                    + ", timesteps " + t.getShape() + ", " + conditions.size() + " conditions");
        }
        UnetNetwork first = ofOneArchitecture(experts).get(0);
        List<NDArray> embeddings = new ArrayList<>(experts.size());
        for (UnetNetwork expert : experts) {
            embeddings.add(expert.embeddingSilu(t, conditions));
        }
        NDArray conditioning = FeatureMixer.mean(embeddings);
        List<NDArray> features = new ArrayList<>(experts.size());
        for (UnetNetwork expert : experts) {
            features.add(expert.inputConv.forward(x));
        }
        NDArray h = mixer.mix(0, features, conditioning);
        Deque<NDArray> skips = new ArrayDeque<>();
        skips.push(h);
        for (int s = 0; s < first.stages.size(); s++) {
            NDArray skip = first.stages.get(s).readsSkip() ? skips.pop() : null;
            features.clear();
            for (int e = 0; e < experts.size(); e++) {
                features.add(experts.get(e).stages.get(s).forward(h, skip, embeddings.get(e)));
            }
            h = mixer.mix(s + 1, features, conditioning);
            if (first.stages.get(s).storesSkip()) {
                skips.push(h);
            }
        }
        features.clear();
        for (UnetNetwork expert : experts) {
            features.add(expert.outputConv.forward(Activations.silu(expert.outputNorm.forward(h))));
        }
        return mixer.mix(first.stages.size() + 1, features, conditioning);
    }

    /** {@code experts}, copied, once checked to be one or more networks of one architecture. */
    public static List<UnetNetwork> ofOneArchitecture(List<UnetNetwork> experts) {
        if (experts.isEmpty()) {
            throw new IllegalArgumentException("need at least one expert");
        }
        for (UnetNetwork expert : experts) {
            if (!expert.config.equals(experts.get(0).config)) {
                throw new IllegalArgumentException("experts of different architectures: " + expert.config + " and "
                        + experts.get(0).config);
            }
        }
        return List.copyOf(experts);
    }

    /** What every FiLM layer reads: SiLU(time(t) + cond(conditions)) [B, E], on t's manager. */
    public NDArray embeddingSilu(NDArray t, List<AcditCondition> conditions) {
        NDArray times = t.toType(DataType.FLOAT32, false).reshape(-1);
        return Activations.silu(time.forward(times).add(condition.embed(conditions, t.getManager())));
    }

    /** Points where an ensemble mixes features: after the input convolution, after each stage, on ε. */
    public int aggregationPoints() {
        return pointWidths.size();
    }

    /**
     * A readable name of aggregation point {@code point}: "conv_in", then each stage by kind and number
     * ("down 1", "downsample 1", "middle", "up 1", "upsample 1", counted per kind), then "eps".
     */
    public String pointName(int point) {
        if (point == 0) {
            return "conv_in";
        }
        if (point == stages.size() + 1) {
            return "eps";
        }
        UnetStage stage = stages.get(point - 1);
        String kind = stage.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        if (stage instanceof UnetStage.Middle) {
            return kind;
        }
        long number = stages.subList(0, point).stream().filter(s -> s.getClass() == stage.getClass()).count();
        return kind + " " + number;
    }

    /** Channels of the feature at aggregation point {@code point} (3 for ε, the last). */
    public int pointWidth(int point) {
        return pointWidths.get(point);
    }
}
