package dev.tessera.generation.text;

import java.util.Arrays;

/**
 * A normalised prompt and its sentence embedding. The empty prompt is the unconditional one: its
 * vector is all zeros and models substitute their learned null condition for it.
 */
public record PromptEmbedding(String text, float[] vector) {

    public PromptEmbedding {
        vector = vector.clone();
    }

    public static PromptEmbedding unconditional(int dimension) {
        return new PromptEmbedding("", new float[dimension]);
    }

    public boolean isUnconditional() {
        return text.isEmpty();
    }

    /** A copy, so no caller can change a cached embedding. */
    @Override
    public float[] vector() {
        return vector.clone();
    }

    public int dimension() {
        return vector.length;
    }

    /** Cosine similarity with another embedding (0 when either is the zero vector). */
    public double cosine(PromptEmbedding other) {
        double dot = 0, a = 0, b = 0;
        for (int i = 0; i < vector.length; i++) {
            dot += (double) vector[i] * other.vector[i];
            a += (double) vector[i] * vector[i];
            b += (double) other.vector[i] * other.vector[i];
        }
        return a == 0 || b == 0 ? 0 : dot / Math.sqrt(a * b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptEmbedding p && text.equals(p.text) && Arrays.equals(vector, p.vector);
    }

    @Override
    public int hashCode() {
        return 31 * text.hashCode() + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "PromptEmbedding[\"" + text + "\", " + vector.length + " floats]";
    }
}
