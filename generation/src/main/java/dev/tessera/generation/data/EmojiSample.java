package dev.tessera.generation.data;

/**
 * One image of a dataset: which style it is drawn in and which emoji it shows.
 *
 * @param setIndex  index of its {@link EmojiSet} in {@link EmojiDataset#sets()}
 * @param itemIndex index of its item inside that set
 */
public record EmojiSample(EmojiStyle style, EmojiItem item, int setIndex, int itemIndex) {
}
