package dev.tessera.generation.acdit.model;

import java.util.Comparator;
import java.util.Objects;

/** One part of one layer that a pruned model no longer has. */
public record RemovedPart(int layer, LayerPart part) implements Comparable<RemovedPart> {

    private static final Comparator<RemovedPart> ORDER =
            Comparator.comparingInt(RemovedPart::layer).thenComparing(RemovedPart::part);

    public RemovedPart {
        Objects.requireNonNull(part, "part");
        if (layer < 0) {
            throw new IllegalArgumentException("a removed part's layer must be ≥ 0, was " + layer);
        }
    }

    @Override
    public int compareTo(RemovedPart other) {
        return ORDER.compare(this, other);
    }

    /** "layer 6", "layer 6 MLP": for messages and tables. */
    public String label() {
        return switch (part) {
            case LAYER -> "layer " + layer;
            case ATTENTION -> "layer " + layer + " attention";
            case MLP -> "layer " + layer + " MLP";
            case ADALN -> "layer " + layer + " adaLN";
        };
    }
}
