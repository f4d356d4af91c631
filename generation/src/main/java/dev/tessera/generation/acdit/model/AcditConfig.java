package dev.tessera.generation.acdit.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.modelfile.StrictJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Architecture of an ACDiT model, stored in its model file. Frames are {@code imageSize}² RGB,
 * cut into {@code patchSize}² patches (one token each) and into square blocks of
 * {@code blockSide}² tokens. A video model ({@code frames} &gt; 1) is the same network over a clip:
 * its blocks are {@code framesPerBlock} whole frames, and positions gain a frame axis (see
 * {@link BlockLayout}, {@link RopeNd}, {@link AbsolutePositions}). An image model has one frame; its
 * JSON leaves the two frame fields out, so image model files read and write exactly as before they
 * existed. {@code ropeBase} is the RoPE frequency base; 100 rather than the usual 10000 because
 * the token grid is only a few positions wide and with 10000 most frequencies would barely turn
 * across it.
 *
 * @param width          token width (model dimension)
 * @param depth          transformer layers
 * @param heads          attention heads; the head dimension must be divisible by 4 (2-D RoPE pairs),
 *                       by 16 for video (3-D RoPE, see {@link RopeNd#sections})
 * @param mlpRatio       MLP hidden width as a multiple of {@code width}
 * @param promptDim      size of the prompt embedding (384 for all-MiniLM-L6-v2)
 * @param styles         the emoji styles, in the order of the learned style embeddings
 * @param frames         frames of a training clip (1 for an image model)
 * @param framesPerBlock frames of one block (1 for an image model)
 * @param removed        the parts pruning removed (docs/compression.md), in layer order; empty for a
 *                       whole network, and then left out of the JSON so unpruned files keep their bytes
 */
public record AcditConfig(int imageSize, int patchSize, int blockSide, int width, int depth, int heads,
        int mlpRatio, int promptDim, double ropeBase, List<EmojiStyle> styles,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = One.class) int frames,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = One.class) int framesPerBlock,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RemovedPart> removed) {

    public static final int CHANNELS = 3;

    /**
     * Bounds on every size field, far above any model Tessera trains (32 px, width 128–192, depth
     * 6–8) and low enough that a config read from an untrusted file cannot make the network, its
     * attention masks or its parameter count huge before the file's tensors are compared with it.
     */
    public static final int MAX_IMAGE_SIZE = 256;
    public static final int MAX_PATCH_SIZE = 32;
    public static final int MAX_FRAMES = 64;
    public static final int MAX_TOKENS = 4096;
    public static final int MAX_WIDTH = 2048;
    public static final int MAX_DEPTH = 64;
    public static final int MAX_HEADS = 64;
    public static final int MAX_MLP_RATIO = 16;
    public static final int MAX_PROMPT_DIM = 4096;
    /** 256 M parameters: 1 GiB of F32 weights. */
    public static final long MAX_PARAMETERS = 256L << 20;

    /** What a file written before pruning existed means by its missing {@code removed} field. */
    public static final Map<String, Object> ABSENT_FIELDS = Map.of("removed", List.of());

    public AcditConfig {
        requireWithin("imageSize", imageSize, 1, MAX_IMAGE_SIZE);
        requireWithin("patchSize", patchSize, 1, MAX_PATCH_SIZE);
        requireWithin("blockSide", blockSide, 1, MAX_IMAGE_SIZE);
        requireWithin("frames", frames, 1, MAX_FRAMES);
        requireWithin("framesPerBlock", framesPerBlock, 1, MAX_FRAMES);
        requireWithin("width", width, 1, MAX_WIDTH);
        requireWithin("depth", depth, 1, MAX_DEPTH);
        requireWithin("heads", heads, 1, MAX_HEADS);
        requireWithin("mlpRatio", mlpRatio, 1, MAX_MLP_RATIO);
        requireWithin("promptDim", promptDim, 1, MAX_PROMPT_DIM);
        styles = List.copyOf(styles);
        removed = canonical(removed, depth);
        BlockLayout layout = new BlockLayout(imageSize, patchSize, blockSide, frames, framesPerBlock); // validates
        int axes = layout.isVideo() ? 3 : 2;
        if (width % heads != 0 || !RopeNd.fits(width / heads, axes)) {
            throw new IllegalArgumentException("width " + width + " / heads " + heads + " must give a head dimension"
                    + " divisible by " + (axes == 3 ? "16 (3-D RoPE)" : "4 (2-D RoPE)"));
        }
        if (!(ropeBase > 1) || !Double.isFinite(ropeBase)) {
            throw new IllegalArgumentException("ropeBase must be a finite number > 1, was " + ropeBase);
        }
        if (styles.isEmpty() || styles.stream().distinct().count() != styles.size()) {
            throw new IllegalArgumentException("styles must be non-empty and distinct, were " + styles);
        }
        long tokens = (long) layout.grid() * layout.grid() * frames;
        if (tokens > MAX_TOKENS) {
            throw new IllegalArgumentException("imageSize " + imageSize + " / patchSize " + patchSize + " over " + frames
                    + " frame(s) makes " + tokens + " tokens, more than the limit of " + MAX_TOKENS);
        }
        long parameters = AcditTensorLayout.wholeParameterCount(patchSize * patchSize * CHANNELS, width, depth,
                mlpRatio, promptDim, styles.size(), width / heads);
        if (parameters > MAX_PARAMETERS) {
            throw new IllegalArgumentException("width " + width + ", depth " + depth + " and mlpRatio " + mlpRatio
                    + " make " + parameters + " parameters, more than the limit of " + MAX_PARAMETERS);
        }
    }

    /** One size field against its bounds; the message names the field as the JSON does. */
    private static void requireWithin(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    /** An image model (one frame). */
    public AcditConfig(int imageSize, int patchSize, int blockSide, int width, int depth, int heads, int mlpRatio,
            int promptDim, double ropeBase, List<EmojiStyle> styles) {
        this(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase, styles, 1, 1,
                List.of());
    }

    /** A whole network (nothing removed) over clips of {@code frames}. */
    public AcditConfig(int imageSize, int patchSize, int blockSide, int width, int depth, int heads, int mlpRatio,
            int promptDim, double ropeBase, List<EmojiStyle> styles, int frames, int framesPerBlock) {
        this(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase, styles, frames,
                framesPerBlock, List.of());
    }

    /** An image model with {@code removed} pruned away. */
    public AcditConfig(int imageSize, int patchSize, int blockSide, int width, int depth, int heads, int mlpRatio,
            int promptDim, double ropeBase, List<EmojiStyle> styles, List<RemovedPart> removed) {
        this(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase, styles, 1, 1,
                removed);
    }

    /**
     * Reads the stored JSON: every image field is required as before, the frame fields default to 1,
     * and everything else is as strict as {@link StrictJson} (unknown fields, wrong types).
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AcditConfig fromJson(JsonNode node) throws JsonProcessingException {
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("an ACDiT config must be a JSON object, was " + node);
        }
        ObjectNode full = object.deepCopy();
        full.putIfAbsent("frames", full.numberNode(1));
        full.putIfAbsent("framesPerBlock", full.numberNode(1));
        full.putIfAbsent("removed", full.arrayNode());
        Stored s = StrictJson.mapper().treeToValue(full, Stored.class);
        return new AcditConfig(s.imageSize, s.patchSize, s.blockSide, s.width, s.depth, s.heads, s.mlpRatio,
                s.promptDim, s.ropeBase, s.styles, s.frames, s.framesPerBlock, s.removed);
    }

    /** Every field required, for the strict part of {@link #fromJson}. */
    private record Stored(int imageSize, int patchSize, int blockSide, int width, int depth, int heads, int mlpRatio,
            int promptDim, double ropeBase, List<EmojiStyle> styles, int frames, int framesPerBlock, List<RemovedPart> removed) {}

    /** Leaves a frame field out of the JSON when it is 1 (Jackson's value filter: equal means excluded). */
    static final class One {
        @Override
        public boolean equals(Object value) {
            return value instanceof Integer i && i == 1;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** This architecture with {@code depth} layers. */
    public AcditConfig withDepth(int depth) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles, frames, framesPerBlock, removed);
    }

    public AcditConfig withBlockSide(int blockSide) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles, frames, framesPerBlock, removed);
    }

    /**
     * The same network over another sequence: {@code frames} frames, {@code framesPerBlock} to a block,
     * blocks {@code blockSide} tokens on a side. Every weight keeps its shape (a video model's frame
     * positions are computed, not learned), so an image model can start a video model.
     */
    public AcditConfig withFrames(int frames, int framesPerBlock, int blockSide) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles, frames, framesPerBlock, removed);
    }

    /** This architecture with MLPs of {@code mlpRatio} × {@code width} hidden units (a narrowed model). */
    public AcditConfig withMlpRatio(int mlpRatio) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles, frames, framesPerBlock, removed);
    }

    /** This architecture with exactly {@code parts} removed. */
    public AcditConfig withRemoved(List<RemovedPart> parts) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles, frames, framesPerBlock, parts);
    }

    /** The whole network this one was pruned from. */
    public AcditConfig unpruned() {
        return withRemoved(List.of());
    }

    @JsonIgnore // not a field of the stored config
    public boolean isPruned() {
        return !removed.isEmpty();
    }

    /** Whether layer {@code layer} still has {@code part} (a removed layer has none of its parts). */
    public boolean keeps(int layer, LayerPart part) {
        return !removed.contains(new RemovedPart(layer, LayerPart.LAYER)) && !removed.contains(new RemovedPart(layer, part));
    }

    /**
     * Sorted and checked: layers in range, each part once, a removed layer listed alone, and
     * attention and MLP of one layer not both removed (that is the whole layer: say so).
     */
    private static List<RemovedPart> canonical(List<RemovedPart> parts, int depth) {
        Map<Integer, List<LayerPart>> byLayer = new TreeMap<>();
        for (RemovedPart part : parts) {
            if (part.layer() >= depth) {
                throw new IllegalArgumentException("removed " + part.label() + ", but the model has layers 0.."
                        + (depth - 1));
            }
            List<LayerPart> layer = byLayer.computeIfAbsent(part.layer(), l -> new ArrayList<>());
            if (layer.contains(part.part())) {
                throw new IllegalArgumentException(part.label() + " is listed as removed twice");
            }
            layer.add(part.part());
        }
        byLayer.forEach((layer, removedParts) -> {
            if (removedParts.contains(LayerPart.LAYER) && removedParts.size() > 1) {
                throw new IllegalArgumentException("layer " + layer + " is removed whole, so none of its parts can be"
                        + " listed too: " + removedParts);
            }
            if (removedParts.contains(LayerPart.ATTENTION) && removedParts.contains(LayerPart.MLP)) {
                throw new IllegalArgumentException("layer " + layer + " loses both attention and MLP: remove the"
                        + " whole layer instead");
            }
        });
        return parts.stream().sorted().toList();
    }

    public BlockLayout layout() {
        return new BlockLayout(imageSize, patchSize, blockSide, frames, framesPerBlock);
    }

    /** Whether this is a video model (more than one frame). */
    @JsonIgnore
    public boolean isVideo() {
        return frames > 1;
    }

    public int headDim() {
        return width / heads;
    }

    /** Floats of one patch token: p × p × 3. */
    public int patchFloats() {
        return patchSize * patchSize * CHANNELS;
    }

    /** Index of {@code style} in the style embedding table. */
    public int styleIndex(EmojiStyle style) {
        int index = styles.indexOf(style);
        if (index < 0) {
            throw new IllegalArgumentException("this model knows styles " + styles + ", not " + style);
        }
        return index;
    }
}
