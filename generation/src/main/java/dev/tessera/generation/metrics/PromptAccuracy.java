package dev.tessera.generation.metrics;

/**
 * Does the image show the prompted emoji? The judge's identity head scored at top-1 and top-5 against the
 * prompted emoji, and its subcategory head at top-1 against the prompted subcategory (a softer check that
 * separates "wrong face" from "not a face at all"). Each comes with its Wilson interval and count.
 */
public record PromptAccuracy(Proportion identityTop1, Proportion identityTop5, Proportion subcategoryTop1) {

    public PromptAccuracy {
        if (identityTop1 == null || identityTop5 == null || subcategoryTop1 == null) {
            throw new IllegalArgumentException("all three accuracies are required");
        }
    }

    public static PromptAccuracy evaluate(float[][] identityLogits, int[] promptedIdentities,
            float[][] subcategoryLogits, int[] promptedSubcategories) {
        if (identityLogits == null || subcategoryLogits == null || identityLogits.length != subcategoryLogits.length) {
            throw new IllegalArgumentException("identity and subcategory logits must cover the same images ("
                    + (identityLogits == null ? "none" : identityLogits.length) + " vs "
                    + (subcategoryLogits == null ? "none" : subcategoryLogits.length) + ")");
        }
        return new PromptAccuracy(TopKAccuracy.of(identityLogits, promptedIdentities, 1),
                TopKAccuracy.of(identityLogits, promptedIdentities, 5),
                TopKAccuracy.of(subcategoryLogits, promptedSubcategories, 1));
    }
}
