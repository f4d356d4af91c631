package dev.tessera.generation.eval;

import dev.tessera.generation.data.EmojiStyle;

/**
 * One item of an evaluation: what was asked for and the answer the judge should give.
 *
 * @param prompt      the prompt text
 * @param style       the requested style
 * @param emoji       base code points of the prompted emoji (the judge's identity class)
 * @param subcategory its emoji.json subcategory
 * @param seen        whether the emoji is on the training side of the split (false: held out)
 * @param seed        the generation seed
 */
public record EvalPrompt(String prompt, EmojiStyle style, String emoji, String subcategory, boolean seen, long seed) {}
