package dev.tessera.app.generate;

import dev.tessera.app.generate.TrainedPrompts.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How near a prompt is in meaning to the names the model was trained on: cosine similarity of the
 * prompt encoder's vectors. "kitty" is far from every trained name by its letters but near "cat" in
 * meaning, and the model draws a cat for it; "tax return form" is far from all of them both ways.
 *
 * <p>The names' vectors are made on first use (the 2,743 bundled names take a few seconds on a
 * laptop's cores), so callers ask off the UI thread.
 */
public final class PromptNeighbours {

    /**
     * Below this similarity to its nearest trained name a prompt is "far". Chosen from the bundled
     * names: synonyms and rephrasings score 0.75–0.97 ("kitty" → cat 0.84, "flag of france" → france
     * flag 0.97), unrelated text 0.28–0.58 ("tax return form" 0.33, "mortgage" → bank 0.58); the
     * held-out emoji names' median is 0.77.
     */
    public static final double FAR = 0.6;

    private static final int SHOWN = 3;

    /** A trained name and its cosine similarity to the prompt asked about. */
    public record Neighbour(Entry entry, double cosine) {}

    private final List<Entry> entries;
    private final Function<String, float[]> encoder;
    private volatile float[][] unitVectors;

    /** @param encoder text → the prompt encoder's vector (the one the models are conditioned on) */
    public PromptNeighbours(TrainedPrompts names, Function<String, float[]> encoder) {
        this.entries = names.entries();
        this.encoder = encoder;
    }

    /** The {@code limit} trained names nearest to {@code prompt} in meaning, nearest first; none for a blank prompt. */
    public List<Neighbour> nearest(String prompt, int limit) {
        if (prompt == null || prompt.isBlank() || entries.isEmpty() || limit <= 0) {
            return List.of();
        }
        float[] query = unit(encoder.apply(prompt));
        float[][] names = names();
        List<Neighbour> all = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            all.add(new Neighbour(entries.get(i), dot(query, names[i])));
        }
        return all.stream()
                .sorted(Comparator.comparingDouble(Neighbour::cosine).reversed()
                        .thenComparing(n -> n.entry().name()))
                .limit(limit)
                .toList();
    }

    /** A one-line note when {@code prompt} is far in meaning from every trained name; empty when near or blank. */
    public Optional<String> note(String prompt) {
        List<Neighbour> nearest = nearest(prompt, SHOWN);
        if (nearest.isEmpty() || nearest.get(0).cosine() >= FAR) {
            return Optional.empty();
        }
        return Optional.of("Far from every name this model was trained on; nearest in meaning: " + String.join(", ",
                nearest.stream().map(n -> String.format("%s (%.2f)", n.entry().name(), n.cosine())).toList()));
    }

    private float[][] names() {
        float[][] names = unitVectors;
        if (names == null) {
            synchronized (this) {
                names = unitVectors;
                if (names == null) {
                    names = entries.stream().map(e -> unit(encoder.apply(e.name()))).toArray(float[][]::new);
                    unitVectors = names;
                }
            }
        }
        return names;
    }

    private static float[] unit(float[] vector) {
        double norm = Math.sqrt(dot(vector, vector));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length && norm > 0; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
