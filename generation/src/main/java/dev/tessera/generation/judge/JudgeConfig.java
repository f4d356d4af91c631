package dev.tessera.generation.judge;

import java.util.List;

/**
 * Architecture of the judge CNN, stored in its model file. {@code widths} are the channel counts
 * of the stages; each stage after the first halves the resolution.
 */
public record JudgeConfig(int imageSize, List<Integer> widths, int groups, int identityClasses,
        int subcategoryClasses, int styleClasses) {

    public JudgeConfig {
        widths = List.copyOf(widths);
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

    /** Width of the penultimate features that FED and KID are computed on. */
    public int featureDimension() {
        return widths.get(widths.size() - 1);
    }
}
