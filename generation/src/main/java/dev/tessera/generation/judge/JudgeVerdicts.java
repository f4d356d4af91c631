package dev.tessera.generation.judge;

/**
 * The judge's answers for n images: penultimate features [n][d] and the logits of its three heads,
 * as plain Java arrays so the metric maths needs no tensors.
 */
public record JudgeVerdicts(double[][] features, float[][] identityLogits, float[][] subcategoryLogits,
        float[][] styleLogits) {

    public int count() {
        return features.length;
    }
}
