package dev.tessera.generation.metrics;

/**
 * The fraction of images whose predicted style is the requested one, with its Wilson interval. The prediction
 * is the style head's arg-max; a tie with another style counts as a miss, as in {@link TopKAccuracy}.
 */
public final class StyleAccuracy {

    private StyleAccuracy() {
    }

    /** Style-head logits, one row per image; {@code requestedStyles} are style indices (e.g. EmojiStyle ordinals). */
    public static Proportion fromLogits(float[][] styleLogits, int[] requestedStyles) {
        return TopKAccuracy.of(styleLogits, requestedStyles, 1);
    }

    /** Already-decided predictions against the requests. */
    public static Proportion fromPredictions(int[] predictedStyles, int[] requestedStyles) {
        if (predictedStyles == null || requestedStyles == null || predictedStyles.length != requestedStyles.length) {
            throw new IllegalArgumentException("need one prediction per request ("
                    + (predictedStyles == null ? "none" : predictedStyles.length) + " predictions vs "
                    + (requestedStyles == null ? "none" : requestedStyles.length) + " requests)");
        }
        if (predictedStyles.length == 0) {
            throw new IllegalArgumentException("no images to score");
        }
        int matches = 0;
        for (int i = 0; i < predictedStyles.length; i++) {
            if (predictedStyles[i] == requestedStyles[i]) {
                matches++;
            }
        }
        return Proportion.of(matches, predictedStyles.length);
    }
}
