package dev.tessera.generation.judge;

import java.util.List;

/**
 * Architecture of the judge CNN, stored in its model file. {@code widths} are the channel counts
 * of the stages; each stage after the first halves the resolution.
 */
public record JudgeConfig(int imageSize, List<Integer> widths, int groups, int identityClasses,
        int subcategoryClasses, int styleClasses) {

    /** Bounds far above the bundled judge (32 px, widths 32–256, about 4,000 classes), so an untrusted file cannot make it huge. */
    public static final int MAX_IMAGE_SIZE = 256;
    public static final int MAX_STAGES = 8;
    public static final int MAX_WIDTH = 2048;
    public static final int MAX_CLASSES = 100_000;

    public JudgeConfig {
        widths = List.copyOf(widths);
        requireAtMost("imageSize", imageSize, MAX_IMAGE_SIZE);
        requireAtMost("widths (stages)", widths.size(), MAX_STAGES);
        requireAtMost("identityClasses", identityClasses, MAX_CLASSES);
        requireAtMost("subcategoryClasses", subcategoryClasses, MAX_CLASSES);
        requireAtMost("styleClasses", styleClasses, MAX_CLASSES);
        widths.forEach(w -> requireAtMost("widths", w, MAX_WIDTH));
        if (groups < 1) {
            throw new IllegalArgumentException("groups must be at least 1, was " + groups);
        }
        if (imageSize < 8 || widths.isEmpty() || identityClasses < 1 || subcategoryClasses < 1 || styleClasses < 1) {
            throw new IllegalArgumentException("invalid judge config: image " + imageSize + ", widths " + widths
                    + ", classes " + identityClasses + "/" + subcategoryClasses + "/" + styleClasses);
        }
        for (int w : widths) {
            if (w <= 0 || w % groups != 0) {
                throw new IllegalArgumentException("judge width " + w + " is not a positive multiple of " + groups + " groups");
            }
        }
    }

    private static void requireAtMost(String field, int value, int max) {
        if (value > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + ", was " + value);
        }
    }

    /** Width of the penultimate features that FED and KID are computed on. */
    public int featureDimension() {
        return widths.get(widths.size() - 1);
    }
}
