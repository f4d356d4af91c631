package dev.tessera.generation.acdit.model;

import dev.tessera.generation.acdit.sampling.AcditSampler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.tessera.generation.nn.Activations;
import dev.tessera.generation.nn.Dense;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import dev.tessera.generation.nn.RmsNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ACDiT transformer (docs/acdit.md) over patch tokens in block order. One forward pass takes a
 * noisy stream (one or more whole blocks, each with its own timestep) and optionally a clean
 * stream and cached clean keys/values, and returns ε for the noisy tokens. Training feeds
 * [all clean ; all noisy] with the Skip-Causal mask; sampling feeds one noisy block with the
 * clean context (see {@link dev.tessera.generation.acdit.sampling.AcditSampler}).
 */
public final class AcditNetwork {

    private final AcditConfig config;
    private final BlockLayout layout;
    private final RopeNd rope;
    private final Dense patchEmbed;
    private final TimestepEmbedding time;
    private final ConditionEmbedding condition;
    private final List<AcditLayer> layers = new ArrayList<>();
    private final RmsNorm finalNorm = RmsNorm.plain();
    private final Dense finalModulation;
    private final Dense output;
    private final NDManager tableManager;
    private final java.util.Map<Long, PositionTables> positionTables = new java.util.concurrent.ConcurrentHashMap<>();

    public AcditNetwork(AcditConfig config, ParameterStore store, ParameterInit init) {
        this.config = config;
        this.layout = config.layout();
        this.rope = RopeNd.forLayout(config.headDim(), config.ropeBase(), layout);
        this.tableManager = store.manager().newSubManager();
        int width = config.width();
        patchEmbed = Dense.create(store, init, "patch_embed", config.patchFloats(), width, true);
        time = new TimestepEmbedding(store, init, "time", width);
        condition = new ConditionEmbedding(config, store, init);
        for (int l = 0; l < config.depth(); l++) {
            if (config.keeps(l, LayerPart.LAYER)) { // a removed layer passes both streams through: nothing to run
                layers.add(new AcditLayer(config, store, init, "layers." + l, l));
            }
        }
        finalModulation = Dense.zeros(store, "final.adaln", width, 2 * width);
        output = Dense.zeros(store, "final.out", width, config.patchFloats());
    }

    public AcditConfig config() {
        return config;
    }

    public BlockLayout layout() {
        return layout;
    }

    /**
     * Layers that attend, each with one entry in the per-layer keys and values the forward pass takes
     * ({@code prefix}) and returns ({@code cleanKv}): the depth, less the layers pruning took attention from.
     */
    public int attentionLayers() {
        return (int) layers.stream().filter(AcditLayer::hasAttention).count();
    }

    /** Layers that run (the depth, less those pruning removed whole): what a {@link StepCache} is sized for. */
    public int runningLayers() {
        return layers.size();
    }

    /**
     * Inputs of one pass. Token arrays are [B, L, p·p·3] in block order and cover whole blocks
     * starting at a block boundary.
     *
     * @param noisy           noisy tokens [Bn, Kn·T, P]
     * @param firstNoisyToken layout index of the first noisy token (positions for RoPE)
     * @param blockTimes      one timestep per (item, noisy block) [Bn, Kn], float32
     * @param conditions      one condition per noisy item (Bn)
     * @param clean           clean tokens [Bc, Lc, P] or null; Bn must be a multiple of Bc
     * @param firstCleanToken layout index of the first clean token
     * @param prefix          per attending layer ({@link #attentionLayers()}), cached clean keys/values
     *                        before the clean tokens; null (or a null entry) for none
     * @param cleanBias       additive bias [Lc, P + Lc] for clean queries, or null (all visible)
     * @param noisyBias       additive bias [Ln, P + Lc + Ln] for noisy queries, or null
     */
    public record Inputs(NDArray noisy, int firstNoisyToken, NDArray blockTimes, List<AcditCondition> conditions,
            NDArray clean, int firstCleanToken, List<LayerKv> prefix, NDArray cleanBias, NDArray noisyBias) {

        public Inputs {
            Objects.requireNonNull(noisy, "noisy");
            Objects.requireNonNull(blockTimes, "blockTimes");
            conditions = List.copyOf(conditions);
        }

        /** Noisy tokens only, no context: block 0, or a plain full-sequence DiT when there is one block. */
        public static Inputs noisyOnly(NDArray noisy, int firstNoisyToken, NDArray blockTimes,
                List<AcditCondition> conditions) {
            return new Inputs(noisy, firstNoisyToken, blockTimes, conditions, null, 0, null, null, null);
        }
    }

    /**
     * ε for the noisy tokens [Bn, Ln, P]; per attending layer the clean tokens' keys/values (empty
     * without clean tokens); and the noisy tokens' features [Bn, Ln, width] after the last layer, before
     * the output layer (what distillation matches between two networks).
     */
    public record Result(NDArray noise, List<LayerKv> cleanKv, NDArray features) {}

    /** Runs the model; every result lives on the noisy tokens' manager. */
    public Result forward(Inputs in) {
        return forward(in, StepCache.OFF);
    }

    /**
     * Runs the model, letting {@code stepCache} skip layers whose input moved little since the last step of
     * the same block (only on passes without clean tokens); every result lives on the noisy tokens' manager.
     */
    public Result forward(Inputs in, StepCache stepCache) {
        NDArray noisy = in.noisy();
        NDManager owner = noisy.getManager();
        int tokensPerBlock = layout.tokensPerBlock();
        long bn = noisy.getShape().get(0);
        int noisyTokens = Math.toIntExact(noisy.getShape().get(1));
        if (noisyTokens % tokensPerBlock != 0 || in.conditions().size() != bn) {
            throw new IllegalArgumentException("noisy tokens " + noisy.getShape() + " must be whole blocks of "
                    + tokensPerBlock + " with one condition per item, got " + in.conditions().size());
        }
        NDArray conditionSilu = conditionSilu(in.blockTimes(), in.conditions());

        PositionTables noisyPositions = positions(in.firstNoisyToken(), noisyTokens);
        NDArray h = patchEmbed.forward(noisy).add(noisyPositions.absolute());
        RopeNd.Table noisyRope = noisyPositions.rope();
        NDArray c = null;
        RopeNd.Table cleanRope = null;
        if (in.clean() != null) {
            NDArray cleanTokens = in.clean();
            if (cleanTokens.getManager() != owner) {
                throw new IllegalArgumentException("clean and noisy tokens must live on the same manager");
            }
            int cleanCount = Math.toIntExact(cleanTokens.getShape().get(1));
            PositionTables cleanPositions = positions(in.firstCleanToken(), cleanCount);
            c = patchEmbed.forward(cleanTokens).add(cleanPositions.absolute());
            cleanRope = cleanPositions.rope();
        }
        List<LayerKv> cleanKv = new ArrayList<>();
        int attended = 0;
        for (int l = 0; l < layers.size(); l++) {
            AcditLayer layer = layers.get(l);
            LayerKv prefix = in.prefix() == null || !layer.hasAttention() ? null : in.prefix().get(attended);
            NDArray reused = in.clean() == null ? stepCache.reuse(l, h) : null;
            if (reused != null) {
                h = reused;
                if (layer.hasAttention()) {
                    attended++;
                }
                continue;
            }
            AcditLayer.Output out = layer.forward(c, h, conditionSilu, tokensPerBlock, cleanRope, noisyRope,
                    prefix, in.cleanBias(), in.noisyBias(), attendsAfter(l));
            stepCache.remember(l, h, out.noisy());
            h = out.noisy();
            c = out.clean();
            if (layer.hasAttention()) {
                attended++;
            }
            if (out.cleanKv() != null) {
                cleanKv.add(out.cleanKv());
            }
        }
        NDList mods = finalModulation.forward(conditionSilu).split(2, 2);
        NDArray noise = output.forward(AcditLayer.modulate(finalNorm.forward(h), mods.get(0), mods.get(1), tokensPerBlock));
        return new Result(noise, cleanKv, h);
    }

    /**
     * What every adaLN reads: SiLU of the condition vector (time embedding + condition embedding) of
     * each (item, block), [B, K, width] on the times' manager, for timesteps [B, K] and B conditions.
     */
    public NDArray conditionSilu(NDArray blockTimes, List<AcditCondition> conditions) {
        NDArray blockCondition = time.forward(blockTimes.toType(ai.djl.ndarray.types.DataType.FLOAT32, false))
                .add(condition.embed(conditions, blockTimes.getManager()).expandDims(1));
        return Activations.silu(blockCondition);
    }

    /**
     * The absolute position embedding and RoPE table of tokens {@code first .. first + count - 1}: fixed
     * for the model's life, so each span is computed once (on the tables' own manager, closed with the
     * model's) rather than on every call.
     */
    private PositionTables positions(int first, int count) {
        return positionTables.computeIfAbsent(((long) first << 32) | count, key -> {
            synchronized (tableManager) {
                PositionTables tables = new PositionTables(
                        AbsolutePositions.of(tableManager, layout, first, count, config.width()),
                        rope.table(tableManager, layout, first, count));
                // Created outside any caller's NDScope, which would otherwise close them with itself.
                for (NDArray a : new NDArray[] {tables.absolute(), tables.rope().cos(), tables.rope().sin(),
                        tables.rope().rotation()}) {
                    ai.djl.ndarray.NDScope.unregister(a);
                }
                return tables;
            }
        });
    }

    /** Position data of one span of tokens: the absolute embedding [count, width] and the RoPE table. */
    private record PositionTables(NDArray absolute, RopeNd.Table rope) {}

    /** Whether a layer after {@code l} attends: only then is the clean stream's output of layer l read. */
    private boolean attendsAfter(int l) {
        return layers.subList(l + 1, layers.size()).stream().anyMatch(AcditLayer::hasAttention);
    }
}
