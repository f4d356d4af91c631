package dev.tessera.generation.eval;

import dev.tessera.generation.data.EmojiStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics' sanity check: real images and known ways of spoiling them, each measured at the same
 * sample counts. A person orders these rows without hesitation; the metrics must agree.
 */
public final class SanityTable {

    private final RealImages real;
    private final ImageSetEvaluator evaluator;

    public SanityTable(RealImages real, ImageSetEvaluator evaluator) {
        this.real = real;
        this.evaluator = evaluator;
    }

    /** One report per row and sample count, rows in the order a person would rank them. */
    public List<ImageSetReport> measure(int[] sampleCounts, long seed) {
        int[] heldOut = real.heldOut(null);
        int[] google = allOf(EmojiStyle.GOOGLE);
        float[] mean = real.meanImage(heldOut);
        List<ImageSetReport> reports = new ArrayList<>();
        for (int n : sampleCounts) {
            int[] drawn = RealImages.draw(heldOut, n, seed + n);
            reports.add(evaluator.evaluate("real (held-out half)", real.imageSet(drawn)));
            if (google.length >= n) {
                reports.add(evaluator.evaluate("google art vs twitter reference",
                        real.imageSet(RealImages.draw(google, n, seed + n)), EmojiStyle.TWITTER.id()));
            }
            for (ImageDegradation degradation : List.of(new ImageDegradation.Blur(1), new ImageDegradation.Blur(2),
                    new ImageDegradation.Noise(0.2), new ImageDegradation.PixelShuffle(),
                    new ImageDegradation.Constant(mean), new ImageDegradation.UniformNoise())) {
                reports.add(evaluator.evaluate(degradation.label(), real.imageSet(drawn, degradation)));
            }
        }
        return reports;
    }

    private int[] allOf(EmojiStyle style) {
        int[] a = real.reference(style);
        int[] b = real.heldOut(style);
        int[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
