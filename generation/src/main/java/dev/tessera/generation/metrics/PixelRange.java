package dev.tessera.generation.metrics;

/** The value range images are given in; PSNR's peak signal is the width of the range. */
public enum PixelRange {
    /** [0, 1]: peak 1. */
    UNIT(0, 1),
    /** [-1, 1], the diffusion model's own range: peak 2, so the same picture gets the same PSNR in either range. */
    SIGNED_UNIT(-1, 1);

    private final double min;
    private final double max;

    PixelRange(double min, double max) {
        this.min = min;
        this.max = max;
    }

    public double peak() {
        return max - min;
    }

    boolean contains(float value) {
        return value >= min && value <= max;
    }

    @Override
    public String toString() {
        return "[" + (int) min + ", " + (int) max + "]";
    }
}
