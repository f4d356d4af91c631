package dev.tessera.ensemble.unet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.modelfile.StrictJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Architecture of a U-Net expert, stored in its model file ({@code tessera.config}, kind {@code unet}).
 * Level {@code i} works at {@code imageSize / 2^i} pixels with {@code channels × channelMultipliers[i]}
 * channels and {@code resBlocks} residual blocks on the way down ({@code resBlocks + 1} on the way up,
 * each reading one skip); the levels are joined by a strided convolution down and a nearest-neighbour
 * upsampling with a convolution up. The middle (at the lowest resolution) is ResBlock, self-attention,
 * ResBlock; the levels whose resolution is in {@code attentionResolutions} also attend after each
 * ResBlock. The time and condition embeddings are {@link #embedWidth()} = 4 × {@code channels} wide.
 *
 * @param imageSize            side of the square RGB images, a multiple of 2^(levels − 1)
 * @param channels             channels of the first level
 * @param channelMultipliers   one per level, from the full resolution down
 * @param resBlocks            residual blocks per level on the way down
 * @param attentionResolutions resolutions (in pixels) whose levels attend after each ResBlock; each must
 *                             be a level's resolution. The middle always attends
 * @param groups               GroupNorm groups, dividing every level's channels
 * @param heads                attention heads, dividing the channels of every level that attends
 * @param promptDim            size of the prompt embedding (384 for all-MiniLM-L6-v2)
 * @param styles               the emoji styles, in the order of the learned style embeddings
 * @param removed              the blocks pruning removed (docs/compression.md#u-net-experts), named as their
 *                             parameters' prefix ({@code "up.0.res.2"}, {@code "mid.attn"}), in the order of the
 *                             forward pass; empty for a whole network, and then left out of the stored JSON. A
 *                             removed ResBlock keeps only its skip path (its 1×1 {@code skip} convolution where the
 *                             channels change, else nothing); a removed attention passes its input on unchanged
 */
public record UnetConfig(int imageSize, int channels, List<Integer> channelMultipliers, int resBlocks,
        List<Integer> attentionResolutions, int groups, int heads, int promptDim, List<EmojiStyle> styles,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> removed) {

    public static final int CHANNELS = 3;

    /** Width of the time and condition embeddings, as a multiple of {@code channels} (ADM's choice). */
    public static final int EMBED_MULTIPLIER = 4;

    public UnetConfig {
        channelMultipliers = List.copyOf(channelMultipliers);
        attentionResolutions = List.copyOf(attentionResolutions);
        styles = List.copyOf(styles);
        if (imageSize <= 0 || channels <= 0 || resBlocks <= 0 || groups <= 0 || heads <= 0 || promptDim <= 0) {
            throw new IllegalArgumentException("imageSize, channels, resBlocks, groups, heads and promptDim must be"
                    + " positive");
        }
        if (channelMultipliers.isEmpty() || channelMultipliers.stream().anyMatch(m -> m <= 0)) {
            throw new IllegalArgumentException("channelMultipliers must be positive, one per level, were "
                    + channelMultipliers);
        }
        int levels = channelMultipliers.size();
        if (imageSize % (1 << (levels - 1)) != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " does not halve " + (levels - 1)
                    + " times for " + levels + " levels");
        }
        List<Integer> resolutions = new ArrayList<>();
        for (int level = 0; level < levels; level++) {
            resolutions.add(imageSize >> level);
            int width = channels * channelMultipliers.get(level);
            if (width % groups != 0) {
                throw new IllegalArgumentException(groups + " groups do not divide level " + level + "'s " + width
                        + " channels");
            }
        }
        for (int resolution : attentionResolutions) {
            if (!resolutions.contains(resolution)) {
                throw new IllegalArgumentException("attention resolution " + resolution + " is none of the levels' "
                        + resolutions);
            }
        }
        for (int level = 0; level < levels; level++) {
            int width = channels * channelMultipliers.get(level);
            boolean attends = attentionResolutions.contains(resolutions.get(level)) || level == levels - 1;
            if (attends && width % heads != 0) {
                throw new IllegalArgumentException(heads + " heads do not divide level " + level + "'s " + width
                        + " channels, which attend");
            }
        }
        if (styles.isEmpty() || styles.stream().distinct().count() != styles.size()) {
            throw new IllegalArgumentException("styles must be non-empty and distinct, were " + styles);
        }
        removed = canonical(java.util.Objects.requireNonNull(removed, "removed"), removableParts(levels, resBlocks, resolutions, attentionResolutions));
    }

    /** A whole network (nothing removed). */
    public UnetConfig(int imageSize, int channels, List<Integer> channelMultipliers, int resBlocks,
            List<Integer> attentionResolutions, int groups, int heads, int promptDim, List<EmojiStyle> styles) {
        this(imageSize, channels, channelMultipliers, resBlocks, attentionResolutions, groups, heads, promptDim, styles,
                List.of());
    }

    /**
     * Reads the stored JSON: every field of a whole network is required, {@code removed} may be absent (a file
     * written before pruning existed, or a whole network), and the rest is as strict as {@link StrictJson}.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static UnetConfig fromJson(JsonNode node) throws JsonProcessingException {
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a U-Net config must be a JSON object, was " + node);
        }
        ObjectNode full = object.deepCopy();
        full.putIfAbsent("removed", full.arrayNode());
        Stored s = StrictJson.mapper().treeToValue(full, Stored.class);
        return new UnetConfig(s.imageSize, s.channels, s.channelMultipliers, s.resBlocks, s.attentionResolutions,
                s.groups, s.heads, s.promptDim, s.styles, s.removed);
    }

    /** Every field required, for the strict part of {@link #fromJson}. */
    private record Stored(int imageSize, int channels, List<Integer> channelMultipliers, int resBlocks,
            List<Integer> attentionResolutions, int groups, int heads, int promptDim, List<EmojiStyle> styles,
            List<String> removed) {}

    /** {@code parts} in forward order, once checked to be distinct removable parts of the architecture. */
    private static List<String> canonical(List<String> parts, List<String> removable) {
        Set<String> seen = new HashSet<>();
        for (String part : parts) {
            if (part == null || !removable.contains(part)) {
                throw new IllegalArgumentException("removed part '" + part + "' is no ResBlock or attention of this"
                        + " architecture, whose removable parts are " + removable);
            }
            if (!seen.add(part)) {
                throw new IllegalArgumentException("'" + part + "' is listed as removed twice");
            }
        }
        return removable.stream().filter(seen::contains).toList();
    }

    /** The ResBlocks and attentions pruning may remove, in forward order (each stage's ResBlock, then its attention). */
    private static List<String> removableParts(int levels, int resBlocks, List<Integer> resolutions,
            List<Integer> attentionResolutions) {
        List<String> parts = new ArrayList<>();
        for (int level = 0; level < levels; level++) {
            boolean attends = attentionResolutions.contains(resolutions.get(level));
            for (int r = 0; r < resBlocks; r++) {
                parts.add("down." + level + ".res." + r);
                if (attends) {
                    parts.add("down." + level + ".attn." + r);
                }
            }
        }
        parts.addAll(List.of("mid.res1", "mid.attn", "mid.res2"));
        for (int level = levels - 1; level >= 0; level--) {
            boolean attends = attentionResolutions.contains(resolutions.get(level));
            for (int r = 0; r <= resBlocks; r++) {
                parts.add("up." + level + ".res." + r);
                if (attends) {
                    parts.add("up." + level + ".attn." + r);
                }
            }
        }
        return List.copyOf(parts);
    }

    /**
     * Every ResBlock and attention of the whole network, in the order of the forward pass ({@code "down.0.res.0"},
     * …, {@code "mid.res1"}, {@code "mid.attn"}, {@code "mid.res2"}, …, {@code "up.0.res.2"}): what pruning may remove.
     */
    @JsonIgnore
    public List<String> removableParts() {
        List<Integer> resolutions = new ArrayList<>();
        for (int level = 0; level < levels(); level++) {
            resolutions.add(resolution(level));
        }
        return removableParts(levels(), resBlocks, resolutions, attentionResolutions);
    }

    /** This architecture with exactly {@code parts} removed. */
    public UnetConfig withRemoved(List<String> parts) {
        return new UnetConfig(imageSize, channels, channelMultipliers, resBlocks, attentionResolutions, groups, heads,
                promptDim, styles, parts);
    }

    /** The whole network this one was pruned from. */
    public UnetConfig unpruned() {
        return withRemoved(List.of());
    }

    @JsonIgnore // not a field of the stored config
    public boolean isPruned() {
        return !removed.isEmpty();
    }

    /** Whether the block named {@code part} (a ResBlock or attention, as in {@link #removableParts}) is kept. */
    public boolean keeps(String part) {
        return !removed.contains(part);
    }

    @JsonIgnore
    public int levels() {
        return channelMultipliers.size();
    }

    /** Channels of level {@code level}. */
    public int width(int level) {
        return channels * channelMultipliers.get(level);
    }

    /** Side in pixels of level {@code level}. */
    public int resolution(int level) {
        return imageSize >> level;
    }

    /** Whether level {@code level} attends after each of its ResBlocks. */
    public boolean attends(int level) {
        return attentionResolutions.contains(resolution(level));
    }

    @JsonIgnore
    public int embedWidth() {
        return EMBED_MULTIPLIER * channels;
    }

    /**
     * Channels of the feature at each aggregation point of the network, in order: after the input convolution,
     * after each stage (down ResBlocks and downsampling per level, the middle, up ResBlocks and upsampling per
     * level from the lowest) and the final ε. {@code UnetNetwork} checks its own stages against this list.
     */
    @JsonIgnore
    public List<Integer> pointWidths() {
        List<Integer> widths = new ArrayList<>();
        widths.add(channels);
        for (int level = 0; level < levels(); level++) {
            widths.addAll(java.util.Collections.nCopies(level < levels() - 1 ? resBlocks + 1 : resBlocks, width(level)));
        }
        widths.add(width(levels() - 1));
        for (int level = levels() - 1; level >= 0; level--) {
            widths.addAll(java.util.Collections.nCopies(level > 0 ? resBlocks + 2 : resBlocks + 1, width(level)));
        }
        widths.add(CHANNELS);
        return widths;
    }

    /** Floats of one CHW image. */
    @JsonIgnore
    public int imageFloats() {
        return CHANNELS * imageSize * imageSize;
    }
}
