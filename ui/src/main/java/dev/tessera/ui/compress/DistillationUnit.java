package dev.tessera.ui.compress;

/** What the distillation amount counts. */
public enum DistillationUnit {
    MINUTES("minutes"),
    STEPS("steps");

    private final String label;

    DistillationUnit(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
