package dev.tessera.ui.compress;

/** The compression wizard's steps, in order. */
public enum WizardStep {
    MODEL("1 Model"),
    ANALYSE("2 Analyse"),
    PRUNE("3 Prune"),
    INT4("4 INT4"),
    DISTIL("5 Distil"),
    COMPARE("6 Compare"),
    SAVE("7 Save");

    private final String label;

    WizardStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The id suffix of the step's button and page, e.g. "distil". */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
