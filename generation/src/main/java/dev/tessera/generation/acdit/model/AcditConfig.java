package dev.tessera.generation.acdit.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tessera.generation.data.EmojiStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Architecture of an ACDiT model, stored in its model file. Images are {@code imageSize}² RGB,
 * cut into {@code patchSize}² patches (one token each) and into square blocks of
 * {@code blockSide}² tokens. {@code ropeBase} is the RoPE frequency base; 100 rather than the usual
 * 10000 because the token grid is only a few positions wide and with 10000 most frequencies would
 * barely turn across it.
 *
 * @param width    token width (model dimension)
 * @param depth    transformer layers
 * @param heads    attention heads; the head dimension must be divisible by 4 (2-D RoPE pairs)
 * @param mlpRatio MLP hidden width as a multiple of {@code width}
 * @param promptDim size of the prompt embedding (384 for all-MiniLM-L6-v2)
 * @param styles   the emoji styles, in the order of the learned style embeddings
 * @param removed  the parts pruning removed (docs/compression.md), in layer order; empty for a whole
 *                 network, and then left out of the JSON so unpruned files keep their bytes
 */
public record AcditConfig(int imageSize, int patchSize, int blockSide, int width, int depth, int heads,
        int mlpRatio, int promptDim, double ropeBase, List<EmojiStyle> styles,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RemovedPart> removed) {

    public static final int CHANNELS = 3;

    /** What a file written before pruning existed means by its missing {@code removed} field. */
    public static final Map<String, Object> ABSENT_FIELDS = Map.of("removed", List.of());

    public AcditConfig {
        styles = List.copyOf(styles);
        removed = canonical(removed, depth);
        new BlockLayout(imageSize, patchSize, blockSide); // validates the geometry
        if (width <= 0 || depth <= 0 || heads <= 0 || mlpRatio <= 0 || promptDim <= 0) {
            throw new IllegalArgumentException("width, depth, heads, mlpRatio and promptDim must be positive");
        }
        if (width % heads != 0 || (width / heads) % 4 != 0) {
            throw new IllegalArgumentException("width " + width + " / heads " + heads
                    + " must give a head dimension divisible by 4 (2-D RoPE)");
        }
        if (!(ropeBase > 1) || !Double.isFinite(ropeBase)) {
            throw new IllegalArgumentException("ropeBase must be a finite number > 1, was " + ropeBase);
        }
        if (styles.isEmpty() || styles.stream().distinct().count() != styles.size()) {
            throw new IllegalArgumentException("styles must be non-empty and distinct, were " + styles);
        }
    }

    /** A whole network (nothing removed). */
    public AcditConfig(int imageSize, int patchSize, int blockSide, int width, int depth, int heads, int mlpRatio,
            int promptDim, double ropeBase, List<EmojiStyle> styles) {
        this(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase, styles, List.of());
    }

    /** This architecture with {@code depth} layers. */
    public AcditConfig withDepth(int depth) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles, removed);
    }

    public AcditConfig withBlockSide(int blockSide) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles, removed);
    }

    /** This architecture with exactly {@code parts} removed. */
    public AcditConfig withRemoved(List<RemovedPart> parts) {
        return new AcditConfig(imageSize, patchSize, blockSide, width, depth, heads, mlpRatio, promptDim, ropeBase,
                styles, parts);
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
        return new BlockLayout(imageSize, patchSize, blockSide);
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
