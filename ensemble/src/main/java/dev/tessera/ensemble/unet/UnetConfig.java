package dev.tessera.ensemble.unet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.tessera.generation.data.EmojiStyle;
import java.util.ArrayList;
import java.util.List;

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
 */
public record UnetConfig(int imageSize, int channels, List<Integer> channelMultipliers, int resBlocks,
        List<Integer> attentionResolutions, int groups, int heads, int promptDim, List<EmojiStyle> styles) {

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
